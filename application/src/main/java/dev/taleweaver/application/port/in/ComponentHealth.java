package dev.taleweaver.application.port.in;

/** The state of one dependency as {@code /health} reports it. */
public record ComponentHealth(Status status, boolean critical, String detail) {

    public enum Status { UP, DOWN, DISABLED }

    public static ComponentHealth up(boolean critical, String detail) {
        return new ComponentHealth(Status.UP, critical, detail);
    }

    public static ComponentHealth down(boolean critical, String detail) {
        return new ComponentHealth(Status.DOWN, critical, detail);
    }

    public static ComponentHealth disabled(String detail) {
        return new ComponentHealth(Status.DISABLED, false, detail);
    }
}
