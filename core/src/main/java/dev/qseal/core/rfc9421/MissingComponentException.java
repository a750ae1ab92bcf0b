package dev.qseal.core.rfc9421;

import dev.qseal.core.BadInputException;

/** A covered component (a header, or a derived component such as {@code @authority}) is not in the message. */
public class MissingComponentException extends BadInputException {
    private final String component;

    public MissingComponentException(String component, String message) {
        super(message);
        this.component = component;
    }

    /** The serialized component identifier, e.g. {@code "content-digest"} or {@code "@query-param";name="id"}. */
    public String component() {
        return component;
    }
}
