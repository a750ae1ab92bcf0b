package dev.qseal.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import dev.qseal.core.KeyAccessException;
import dev.qseal.core.key.KeyRef;
import dev.qseal.core.key.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs11UriTest {
    private static final String M = "?module-path=/usr/lib/softhsm/libsofthsm2.so";

    private static Pkcs11Uri parse(String s) {
        return Pkcs11Uri.parse(KeyRef.parse(s));
    }

    @Test
    void parsesTheDesignExample() {
        Pkcs11Uri u = parse("pkcs11:token=qseal;object=seal-rsa;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234");
        assertEquals("qseal", u.token);
        assertEquals("seal-rsa", u.object);
        assertEquals("/usr/lib/softhsm/libsofthsm2.so", u.modulePath);
        assertNull(u.id);
        assertFalse(u.toString().contains("1234"), u.toString());
    }

    @Test
    void percentDecodesPathAttributesAndIdToBytes() {
        Pkcs11Uri u = parse("pkcs11:token=My%20Token;object=a%3Bb;id=%01%ff%00;serial=abc;manufacturer=SoftHSM%20project;model=SoftHSM%20v2;slot-id=7" + M);
        assertEquals("My Token", u.token);
        assertEquals("a;b", u.object);
        assertArrayEquals(new byte[] {1, (byte) 0xff, 0}, u.id);
        assertEquals("abc", u.serial);
        assertEquals("SoftHSM project", u.manufacturer);
        assertEquals("SoftHSM v2", u.model);
        assertEquals(7L, u.slotId);
    }

    @Test
    void rejectsMalformedReferencesNamingTheProblem() {
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=qseal;seal-rsa" + M)).getMessage().contains("malformed"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=qseal;object=x%zz" + M)).getMessage().contains("percent"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=qseal;colour=red;object=x" + M)).getMessage().contains("colour"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=qseal" + M)).getMessage().contains("object="));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:object=x" + M)).getMessage().contains("token="));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x")).getMessage().contains("module-path"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x;type=public" + M)).getMessage().contains("type=public"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x;object=y" + M)).getMessage().contains("repeated"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x;slot-id=one" + M)).getMessage().contains("slot-id"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x" + M + "&max-sessions=0")).getMessage().contains("max-sessions"));
        assertTrue(assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x" + M + "&colour=red")).getMessage().contains("colour"));
        assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x" + M + "&pin-value=1&pin-source=/p"));
        assertThrows(BadInputException.class, () -> parse("file:/x.pem"));
    }

    @Test
    void aPinInThePathIsRejectedWithoutEchoingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse("pkcs11:token=q;object=x;pin-value=98761234" + M));
        assertFalse(e.getMessage().contains("98761234"), e.getMessage());
        assertTrue(e.getMessage().contains("query attribute"));
    }

    @Test
    void readsThePinFromAFileOrFileUriWithoutTheTrailingNewline(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pin");
        Files.write(f, "4321\n".getBytes(StandardCharsets.UTF_8));
        KeyRef a = KeyRef.parse("pkcs11:token=q;object=x" + M + "&pin-source=" + f);
        assertArrayEquals("4321".toCharArray(), Pkcs11Uri.parse(a).pin(a, SecretProvider.NONE).orElseThrow());
        KeyRef b = KeyRef.parse("pkcs11:token=q;object=x" + M + "&pin-source=" + f.toUri());
        assertArrayEquals("4321".toCharArray(), Pkcs11Uri.parse(b).pin(b, SecretProvider.NONE).orElseThrow());
        KeyRef missing = KeyRef.parse("pkcs11:token=q;object=x" + M + "&pin-source=" + dir.resolve("nope"));
        assertThrows(KeyAccessException.class, () -> Pkcs11Uri.parse(missing).pin(missing, SecretProvider.NONE));
    }

    @Test
    void asksTheSecretProviderWhenTheReferenceHasNoPin() {
        KeyRef r = KeyRef.parse("pkcs11:token=q;object=x" + M);
        Optional<char[]> pin = Pkcs11Uri.parse(r).pin(r, (ref, what) -> "PIN".equals(what) ? Optional.of("77".toCharArray()) : Optional.empty());
        assertArrayEquals("77".toCharArray(), pin.orElseThrow());
    }
}
