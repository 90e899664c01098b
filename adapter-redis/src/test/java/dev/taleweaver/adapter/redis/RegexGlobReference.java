package dev.taleweaver.adapter.redis;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The regular-expression matcher GlobMatcher replaced (it backtracks exponentially on patterns like
 * {@code P*?*?*?Z}), kept as the reference its replacement is compared with on small inputs.
 *
 * Redis's glob syntax ({@code * ? [abc] [^a] [a-z] \x}) as a predicate on logical keys, so the L1 forgets exactly
 * what a {@code deletePattern} deleted in Redis. A pattern it cannot read matches everything: forgetting too much
 * costs a few Redis reads, forgetting too little would serve stale data.
 */
final class RegexGlobReference {
    private RegexGlobReference() {
    }

    static Predicate<String> of(String glob) {
        try {
            return Pattern.compile(toRegex(glob), Pattern.DOTALL).asMatchPredicate();
        } catch (IllegalArgumentException e) { // PatternSyntaxException included
            return key -> true;
        }
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        i++;
                    }
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '[' -> i = appendClass(glob, i, regex);
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return regex.toString();
    }

    /** Appends {@code [...]} starting at {@code open}; returns the index of its closing bracket. */
    private static int appendClass(String glob, int open, StringBuilder regex) {
        int i = open + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < glob.length() && glob.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        boolean empty = true;
        while (i < glob.length() && glob.charAt(i) != ']') {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                c = glob.charAt(++i);
            }
            if (i + 2 < glob.length() && glob.charAt(i + 1) == '-' && glob.charAt(i + 2) != ']') {
                char to = glob.charAt(i + 2);
                char from = c;
                if (from > to) {
                    char swap = from;
                    from = to;
                    to = swap; // Redis accepts a reversed range
                }
                cls.append(classChar(from)).append('-').append(classChar(to));
                i += 3;
            } else {
                cls.append(classChar(c));
                i++;
            }
            empty = false;
        }
        if (i >= glob.length()) {
            throw new IllegalArgumentException("an unterminated [ in " + glob);
        }
        if (empty) {
            throw new IllegalArgumentException("an empty [] in " + glob);
        }
        regex.append(cls).append(']');
        return i;
    }

    private static String classChar(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("\\x{%x}", (int) c);
    }
}
