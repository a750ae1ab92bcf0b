package dev.qseal.banks.belfius;

/** A Belfius fallback session: its id and the path of its customer-interface endpoint. */
public final class BelfiusSession {
    private final String id;
    private final String link;

    BelfiusSession(String id, String link) {
        this.id = id;
        this.link = link;
    }

    public String id() {
        return id;
    }

    /** The session endpoint's path, called without HTTP signature. */
    public String link() {
        return link;
    }

    @Override
    public String toString() {
        return "BelfiusSession[" + id + "]";
    }
}
