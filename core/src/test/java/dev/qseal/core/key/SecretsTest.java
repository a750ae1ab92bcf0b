package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {
    static final Secrets SECRETS = new Secrets(Map.of("P12_PASS", "from-env", "EMPTY", "")::get);
    static final SecretProvider PROVIDER = (ref, what) -> Optional.of("from-provider".toCharArray());

    @TempDir
    Path d;

    private static String find(String ref, SecretProvider provider) {
        return SECRETS.find(KeyRef.parse(ref), "password", provider, "key password").map(String::new).orElse("<none>");
    }

    @Test
    void environmentVariableWinsOverProvider() {
        assertEquals("from-env", find("file:/k.pem?password-env=P12_PASS", PROVIDER));
    }

    @Test
    void emptyEnvironmentVariableIsAnEmptyPassword() {
        assertEquals("", find("file:/k.pem?password-env=EMPTY", PROVIDER));
    }

    @Test
    void providerIsAskedWhenTheReferenceSaysNothing() {
        assertEquals("from-provider", find("file:/k.pem", PROVIDER));
        assertEquals("<none>", find("file:/k.pem", SecretProvider.NONE));
    }

    @ParameterizedTest
    @CsvSource({
        "'pw\n', pw",
        "'pw\r\n', pw",
        "'pw\r', pw",
        "'pw\n\n', 'pw\n'",
        "'pw  ', 'pw  '",
        "'pässwörd\n', pässwörd",
        "'', ''"
    })
    void passwordFileLosesExactlyOneTrailingLineBreak(String content, String expected) throws IOException {
        Path f = Files.write(d.resolve("pw"), content.getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, find("file:/k.pem?password-file=" + f, PROVIDER));
    }

    @Test
    void keyPasswordPrefixReadsItsOwnAttributes() throws IOException {
        Path f = Files.writeString(d.resolve("kp"), "key-pass");
        Optional<char[]> pw = SECRETS.findExplicit(KeyRef.parse("jks:/k.jks?password-env=P12_PASS&key-password-file=" + f),
                "key-password", "key password");
        assertArrayEquals("key-pass".toCharArray(), pw.orElseThrow());
    }

    @Test
    void unsetVariableIsKeyAccessErrorNamingTheAttributeNotItsValue() {
        // the value is not echoed: it may be the password itself, typed where the variable name belongs
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> find("file:/k.pem?password-env=NOPE_VAR", PROVIDER));
        assertTrue(e.getMessage().contains("password-env"), e.getMessage());
        assertFalse(e.getMessage().contains("NOPE_VAR"), e.getMessage());
    }

    @Test
    void missingPasswordFileIsKeyAccessErrorNamingTheAttributeNotThePath() {
        Path f = d.resolve("missing-pw.txt");
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> find("file:/k.pem?password-file=" + f, PROVIDER));
        assertTrue(e.getMessage().contains("password-file"), e.getMessage());
        assertFalse(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void unreadablePasswordFileIsKeyAccessErrorNamingItButNotItsContent() {
        // A directory cannot be read as a file, even by root (unlike a chmod 000 file).
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> find("file:/k.pem?password-file=" + d, PROVIDER));
        assertTrue(e.getMessage().contains("password-file"), e.getMessage());
    }

    @Test
    void nonUtf8PasswordFileIsRejectedWithoutEchoingIt() throws IOException {
        Path f = Files.write(d.resolve("latin1"), new byte[] {'a', (byte) 0xe9, 'b'});
        KeyAccessException e = assertThrows(KeyAccessException.class, () -> find("file:/k.pem?password-file=" + f, PROVIDER));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void bothEnvAndFileIsBadInput() {
        assertThrows(BadInputException.class, () -> find("file:/k.pem?password-env=P12_PASS&password-file=/x", PROVIDER));
    }

    @Test
    void inlinePasswordIsRefusedWithoutEchoingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> find("file:/k.pem?password=hunter2secret", PROVIDER));
        assertFalse(e.getMessage().contains("hunter2secret"), e.getMessage());
    }

    @Test
    void publicResolveReadsTheRealEnvironment() {
        // PATH is set in every test environment; its value stands in for a password here.
        Optional<char[]> pw = Secrets.resolve(KeyRef.parse("file:/k.pem?password-env=PATH"), "password",
                SecretProvider.NONE, "key password");
        assertEquals(System.getenv("PATH"), new String(pw.orElseThrow()));
    }
}
