package dev.qseal.core.key;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySourcesRegistryTest {

    @Test
    void fileAndKeystoreSchemesAreRegisteredWithServiceLoader() {
        Map<String, KeySource> sources = KeySources.sources();
        assertInstanceOf(FileKeySource.class, sources.get("file"));
        assertInstanceOf(KeyStoreKeySource.class, sources.get("pkcs12"));
        assertInstanceOf(KeyStoreKeySource.class, sources.get("jks"));
    }

    @Test
    void unknownSchemeIsBadInputListingTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> KeySources.open("pfx:/tmp/k.pfx"));
        assertTrue(e.getMessage().contains("'pfx:'"), e.getMessage());
        assertTrue(e.getMessage().contains("file, jks, pkcs12"), e.getMessage());
    }

    @Test
    void referenceWithoutPathIsBadInput() {
        assertThrows(BadInputException.class, () -> KeySources.open("file:"));
        assertThrows(BadInputException.class, () -> KeySources.open("pkcs12:?alias=x"));
    }
}
