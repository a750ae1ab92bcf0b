package dev.qseal.core.rfc9421;

/**
 * A covered component (a header, or a derived component such as {@code @authority}) is not in the message;
 * {@link #component()} is its serialized identifier, e.g. {@code "content-digest"} or
 * {@code "@query-param";name="id"}.
 */
public class MissingComponentException extends dev.qseal.core.MissingComponentException {
    public MissingComponentException(String component, String message) {
        super(component, message);
    }
}
