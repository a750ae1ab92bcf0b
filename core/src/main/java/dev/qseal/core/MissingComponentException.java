package dev.qseal.core;

/**
 * A component to be signed (a header, or a derived component such as {@code @authority}) is not in the
 * message and cannot be generated. {@link #component()} names it.
 */
public class MissingComponentException extends BadInputException {
    private final String component;

    public MissingComponentException(String component, String message) {
        super(message);
        this.component = component;
    }

    /** The component as the format writes it: {@code client-id}, {@code "content-digest"}, {@code @query-param;name="id"}. */
    public String component() {
        return component;
    }
}
