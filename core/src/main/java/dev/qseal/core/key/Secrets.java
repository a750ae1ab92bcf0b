package dev.qseal.core.key;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code finally} block. Messages name the variable or the file, never the value. Passwords written
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
            return Optional.of(fromEnvironment(envName.get(), what));
        }
        if (fileName.isPresent()) {
            return Optional.of(fromFile(Path.of(fileName.get()), what));
        }
        return Optional.empty();
    }

    private char[] fromEnvironment(String name, String what) {
        if (name.isEmpty()) {
            throw new BadInputException("an empty environment variable name was given for the " + what);
        }
        String value = environment.apply(name);
        if (value == null) {
            throw new KeyAccessException("the environment variable " + name + " (the " + what
                    + ") is not set in this process's environment: set it, or name the secret another way");
        }
        // A String from the environment cannot be zeroed; the copy we hand out can.
        return value.toCharArray();
    }

    static char[] fromFile(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyAccessException("the " + what + " file " + file + " does not exist");
        } catch (IOException | SecurityException e) {
            // The exception text is about the file (permissions, a directory), never its content.
            throw new KeyAccessException("cannot read the " + what + " file " + file + ": " + e.getClass().getSimpleName());
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
            throw new KeyAccessException("the " + what + " file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
