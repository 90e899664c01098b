package dev.taleweaver.application.port.in;

/**
 * A story write named a child or a hero that does not exist: a conflict with the stored state (HTTP 409) when it
 * reaches a caller as is. The story repository checks this inside the writing transaction (the foreign keys back
 * it up against a participant deleted concurrently), and the story service turns it into field violations (400),
 * so no read of its own is needed before writing.
 */
public final class UnknownParticipantsException extends EntityConflictException {
    private static final long serialVersionUID = 1L;

    private final boolean childMissing;
    private final boolean heroMissing;

    /** @param action what was refused, e.g. "save story {id}" */
    public UnknownParticipantsException(String action, boolean childMissing, boolean heroMissing) {
        super(action + " refused: " + (childMissing ? "no such child" : "") + (childMissing && heroMissing ? ", " : "")
                + (heroMissing ? "no such hero" : ""));
        if (!childMissing && !heroMissing) {
            throw new IllegalArgumentException("at least one participant is missing");
        }
        this.childMissing = childMissing;
        this.heroMissing = heroMissing;
    }

    public boolean childMissing() {
        return childMissing;
    }

    public boolean heroMissing() {
        return heroMissing;
    }
}
