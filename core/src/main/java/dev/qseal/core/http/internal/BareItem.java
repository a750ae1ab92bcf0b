package dev.qseal.core.http.internal;

import dev.qseal.core.BadInputException;
import dev.qseal.core.MalformedSignatureException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Objects;

/**
 * An RFC 8941 bare item: Integer, Decimal, String, Token, Byte Sequence or Boolean. Immutable.
 * Factories reject values RFC 8941 cannot represent ({@link BadInputException}); the typed
 * accessors throw {@link MalformedSignatureException} when the item is of another type, so a
 * verifier can report "created is not an Integer" as a malformed signature.
 */
public final class BareItem {

    /** The RFC 8941 type of a bare item. */
    public enum Type {
        INTEGER, DECIMAL, STRING, TOKEN, BYTE_SEQUENCE, BOOLEAN
    }

    static final long MAX_INTEGER = 999_999_999_999_999L;
    private static final BigDecimal MAX_DECIMAL_INTEGER_PART = new BigDecimal("1000000000000");

    private static final BareItem TRUE = new BareItem(Type.BOOLEAN, Boolean.TRUE);
    private static final BareItem FALSE = new BareItem(Type.BOOLEAN, Boolean.FALSE);

    private final Type type;
    private final Object value;

    private BareItem(Type type, Object value) {
        this.type = type;
        this.value = value;
    }

    /** An Integer, at most 15 digits. */
    public static BareItem integer(long value) {
        if (value > MAX_INTEGER || value < -MAX_INTEGER) {
            throw new BadInputException("an RFC 8941 Integer has at most 15 digits: " + value);
        }
        return new BareItem(Type.INTEGER, value);
    }

    /** A Decimal, rounded half-even to 3 fractional digits, at most 12 integer digits. */
    public static BareItem decimal(BigDecimal value) {
        BigDecimal rounded = value.setScale(3, RoundingMode.HALF_EVEN);
        if (rounded.abs().compareTo(MAX_DECIMAL_INTEGER_PART) >= 0) {
            throw new BadInputException("an RFC 8941 Decimal has at most 12 integer digits: " + value.toPlainString());
        }
        return new BareItem(Type.DECIMAL, rounded);
    }

    /** A String: printable ASCII (0x20-0x7E) only. */
    public static BareItem string(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new BadInputException("an RFC 8941 String holds printable ASCII only; character " + i
                        + " is U+" + String.format("%04X", (int) c));
            }
        }
        return new BareItem(Type.STRING, value);
    }

    /** A Token: starts with a letter or {@code *}, then tchar, {@code :} or {@code /}. */
    public static BareItem token(String value) {
        if (!isToken(value)) {
            throw new BadInputException("not an RFC 8941 Token: '" + StructuredFields.clip(value) + "'");
        }
        return new BareItem(Type.TOKEN, value);
    }

    /** A Byte Sequence (copied). */
    public static BareItem byteSequence(byte[] value) {
        return new BareItem(Type.BYTE_SEQUENCE, value.clone());
    }

    public static BareItem bool(boolean value) {
        return value ? TRUE : FALSE;
    }

    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if (!(StructuredFields.isAlpha(first) || first == '*')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(StructuredFields.isTchar(c) || c == ':' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    public Type type() {
        return type;
    }

    public long asLong() {
        return (Long) expect(Type.INTEGER);
    }

    public BigDecimal asDecimal() {
        return (BigDecimal) expect(Type.DECIMAL);
    }

    /** The value of a String item. */
    public String asString() {
        return (String) expect(Type.STRING);
    }

    /** The value of a Token item. */
    public String asToken() {
        return (String) expect(Type.TOKEN);
    }

    /** The bytes of a Byte Sequence item (a copy). */
    public byte[] asBytes() {
        return ((byte[]) expect(Type.BYTE_SEQUENCE)).clone();
    }

    public boolean asBoolean() {
        return (Boolean) expect(Type.BOOLEAN);
    }

    private Object expect(Type wanted) {
        if (type != wanted) {
            throw new MalformedSignatureException("expected " + article(wanted) + " but found " + article(type)
                    + " (" + StructuredFields.clip(serialize()) + ")");
        }
        return value;
    }

    private static String article(Type t) {
        String n = t.name().charAt(0) + t.name().substring(1).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return (t == Type.INTEGER ? "an " : "a ") + n;
    }

    /** The RFC 8941 serialization of this bare item. */
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        StructuredFields.serializeBareItem(this, sb);
        return sb.toString();
    }

    Object rawValue() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BareItem)) {
            return false;
        }
        BareItem that = (BareItem) o;
        if (type != that.type) {
            return false;
        }
        if (type == Type.BYTE_SEQUENCE) {
            return Arrays.equals((byte[]) value, (byte[]) that.value);
        }
        if (type == Type.DECIMAL) {
            return ((BigDecimal) value).compareTo((BigDecimal) that.value) == 0;
        }
        return value.equals(that.value);
    }

    @Override
    public int hashCode() {
        if (type == Type.BYTE_SEQUENCE) {
            return 31 * type.hashCode() + Arrays.hashCode((byte[]) value);
        }
        if (type == Type.DECIMAL) {
            return 31 * type.hashCode() + ((BigDecimal) value).stripTrailingZeros().hashCode();
        }
        return Objects.hash(type, value);
    }

    @Override
    public String toString() {
        return serialize();
    }
}
