package dev.qseal.core.http.internal;

/** A member of an RFC 8941 List or Dictionary: an {@link Item} or an {@link InnerList}. */
public sealed interface Member permits Item, InnerList {
    Parameters parameters();

    /** The RFC 8941 serialization of this member. */
    String serialize();
}
