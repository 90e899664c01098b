package dev.taleweaver.adapter.postgres;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The table behind one aggregate and the SQL the generic repository runs on it. Each column is bound under
 * its own name ({@code :name}), so an entity's binder and this list stay in step.
 *
 * @param name          the table
 * @param alias         its alias in selects; row locks name it ({@code FOR UPDATE OF alias})
 * @param columns       every column, {@code id} first; {@code created_at} is written once, by INSERT
 * @param joinedColumns extra select expressions from joined tables, or empty
 * @param joins         the joins that supply them, or empty
 */
record EntityTable(String name, String alias, List<String> columns, String joinedColumns, String joins) {

    EntityTable {
        if (columns.isEmpty() || !columns.get(0).equals("id") || !columns.contains("created_at")) {
            throw new IllegalArgumentException("columns must start with id and include created_at: " + columns);
        }
        columns = List.copyOf(columns);
    }

    static EntityTable plain(String name, String alias, List<String> columns) {
        return new EntityTable(name, alias, columns, "", "");
    }

    /** Selects the read model; append a WHERE clause. */
    String select() {
        String own = columns.stream().map(c -> alias + "." + c).collect(Collectors.joining(", "));
        String extra = joinedColumns.isEmpty() ? "" : ", " + joinedColumns;
        String join = joins.isEmpty() ? "" : " " + joins;
        return "SELECT " + own + extra + " FROM " + name + " " + alias + join;
    }

    String orderOfLists() {
        return " ORDER BY " + alias + ".created_at, " + alias + ".id";
    }

    String insert() {
        return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")";
    }

    /** Rewrites every column but the key and the creation time, which never change. */
    String update() {
        return "UPDATE " + name + " SET "
                + columns.stream()
                        .filter(c -> !c.equals("id") && !c.equals("created_at"))
                        .map(c -> c + " = :" + c)
                        .collect(Collectors.joining(", "))
                + " WHERE id = :id";
    }

    String delete() {
        return "DELETE FROM " + name + " WHERE id = :id";
    }
}
