package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.Limits;
import dev.qseal.core.internal.BoundedRead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the password a key reference needs. For an attribute prefix such as {@code password}, the
 * reference may say {@code password-env=NAME} (read the environment variable {@code NAME}) or
 * {@code password-file=PATH} (read the file; one trailing line break is dropped). When it says
 * neither, the {@link SecretProvider} is asked.
 *
 * <p>The caller owns the returned array and zeroes it ({@code Arrays.fill(pw, '\0')}) in a
 * {@code finally} block. Messages name the attribute ({@code password-env}, {@code password-file}),
 * never its value (a secret typed where a name belongs would be echoed otherwise) and never the
 * secret. A secret file is read up to {@link Limits#SECRET_FILE_BYTES}. Passwords written
 * into the reference itself ({@code password=...}) are refused, because a reference ends up on
 * command lines and in shell history.
 */
public final class Secrets {
    private static final Secrets SYSTEM = new Secrets(System::getenv);

    private final Function<String, String> environment;

    /** For tests: {@code environment} stands in for {@link System#getenv(String)}. */
    Secrets(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The instance that reads the real process environment. */
    static Secrets system() {
        return SYSTEM;
    }

    /**
     * The secret that {@code <prefix>-env} or {@code <prefix>-file} in {@code ref} points to, else
     * what {@code provider} supplies for {@code what}, else empty.
     *
     * @param prefix   the attribute prefix, e.g. {@code password} or {@code key-password}
     * @param what     what the secret is for, shown to the provider and in messages (e.g. "keystore password")
     * @throws KeyAccessException if the named variable is unset or the named file cannot be read
     * @throws BadInputException  if both attributes are given, or the secret is inline in the reference
     */
    public static Optional<char[]> resolve(KeyRef ref, String prefix, SecretProvider provider, String what) {
        return SYSTEM.find(ref, prefix, provider, what);
    }

    Optional<char[]> find(KeyRef ref, String prefix, SecretProvider provider, String what) {
        Optional<char[]> explicit = findExplicit(ref, prefix, what);
        if (explicit.isPresent()) {
            return explicit;
        }
        return provider.get(ref, what);
    }

    /** Like {@link #find} but without asking a provider: only what the reference itself locates. */
    Optional<char[]> findExplicit(KeyRef ref, String prefix, String what) {
        if (ref.param(prefix).isPresent()) {
            throw new BadInputException("the key reference " + ref + " holds the " + what + " inline ('" + prefix
                    + "='): put it in an environment variable (" + prefix + "-env=NAME) or a file ("
                    + prefix + "-file=PATH) instead");
        }
        Optional<String> envName = ref.param(prefix + "-env");
        Optional<String> fileName = ref.param(prefix + "-file");
        if (envName.isPresent() && fileName.isPresent()) {
            throw new BadInputException("the key reference " + ref + " gives both " + prefix + "-env and "
                    + prefix + "-file: keep one");
        }
        if (envName.isPresent()) {
            return Optional.of(fromEnvironment(envName.get(), prefix + "-env", what));
        }
        if (fileName.isPresent()) {
            return Optional.of(fromFile(fileName.get(), prefix + "-file", what));
        }
        return Optional.empty();
    }

    private char[] fromEnvironment(String name, String attribute, String what) {
        if (name.isEmpty()) {
            throw new BadInputException("an empty environment variable name was given for the " + what);
        }
        String value = environment.apply(name);
        if (value == null) {
            // the name is not echoed: a password typed where the name belongs would be shown otherwise
            throw new KeyAccessException("the environment variable named in " + attribute + " (the " + what
                    + ") is not set in this process's environment: set it, or name the secret another way (" + attribute
                    + " names the variable; it does not hold the secret)");
        }
        // A String from the environment cannot be zeroed; the copy we hand out can.
        return value.toCharArray();
    }

    /**
     * The secret in the file {@code path} (named by the attribute {@code attribute}, e.g. {@code pin-source}):
     * at most {@link Limits#SECRET_FILE_BYTES}, UTF-8, one trailing line break dropped. Messages name the
     * attribute, never the path (it may be a secret typed in the wrong place) nor the content. The caller
     * zeroes the array.
     *
     * @throws KeyAccessException if the file is missing, unreadable, too large or not UTF-8
     */
    public static char[] fromFile(String path, String attribute, String what) {
        String named = "the file named in " + attribute + " (the " + what + ")";
        byte[] bytes;
        try {
            bytes = BoundedRead.file(Path.of(path), Limits.SECRET_FILE_BYTES, named);
        } catch (NoSuchFileException | java.nio.file.InvalidPathException e) {
            throw new KeyAccessException(named + " does not exist (" + attribute + " names a file; it does not hold the secret)");
        } catch (BadInputException e) {
            throw new KeyAccessException(e.getMessage());
        } catch (IOException | SecurityException e) {
            // The exception text is about the file (permissions, a directory), never its content.
            throw new KeyAccessException("cannot read " + named + ": " + e.getClass().getSimpleName());
        }
        try {
            int len = bytes.length;
            // Exactly one trailing line break goes: `echo secret > file` adds one, and a password may end in spaces.
            if (len > 0 && bytes[len - 1] == '\n') {
                len--;
                if (len > 0 && bytes[len - 1] == '\r') {
                    len--;
                }
            } else if (len > 0 && bytes[len - 1] == '\r') {
                len--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, len));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            // Wipe the decoder's buffer too: it held the secret.
            chars.clear();
            while (chars.hasRemaining()) {
                chars.put('\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new KeyAccessException(named + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
