package dev.qseal.core.key;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qseal.core.FuzzSettings;
import dev.qseal.core.QsealException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets for what an operator hands qseal: key references, PEM/DER key, certificate and public
 * key files. Only {@link QsealException} subtypes may escape. Corpus under {@code KeyInputFuzzTestInputs/<method>/}.
 */
class KeyInputFuzzTest {
    /** Rewritten for every input (surefire's working directory is the module). */
    private static final Path FILE = Path.of("target", "fuzz-key-input-" + ProcessHandle.current().pid() + ".bin");

    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void keyRef(FuzzedDataProvider data) {
        try {
            KeyRef ref = KeyRef.parse(data.consumeRemainingAsString());
            ref.toString();
        } catch (QsealException expected) {
            // documented
        }
    }

    /** PEM or DER bytes as a private key file, a certificate file and a public key file. */
    @FuzzTest(maxDuration = FuzzSettings.RUN)
    void keyFiles(FuzzedDataProvider data) throws IOException {
        int kind = data.consumeInt(0, 2);
        Files.write(FILE, data.consumeRemainingAsBytes());
        try {
            switch (kind) {
                case 0: new FileKeySource(new Secrets(name -> null)).open(KeyRef.parse("file:" + FILE), (r, w) -> java.util.Optional.empty()); break;
                case 1: Certificates.load(FILE); break;
                default: Certificates.loadPublicKey(FILE); break;
            }
        } catch (QsealException expected) {
            // documented
        }
    }
}
