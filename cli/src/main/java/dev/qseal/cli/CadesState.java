package dev.qseal.cli;

import dev.qseal.cades.CadesSigner;
import dev.qseal.cades.PreparedSignature;
import dev.qseal.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What {@code qseal cades prepare} hands to {@code qseal cades complete}: per document, the prepared
 * signature and the document's path. As a file: one line per document, {@code <base64 state> TAB
 * <path>}. As one command-line value: that text in base64url. Holds no secret.
 */
final class CadesState {
    /** Large enough for 70 documents with chains of a few certificates. */
    static final int MAX_BYTES = (CadesSigner.DEFAULT_MAX_BATCH_SIZE + 1) * (PreparedSignature.MAX_ENCODED_BYTES * 4 / 3 + 4200);

    /** One document's entry. */
    static final class Entry {
        final PreparedSignature prepared;
        final Optional<Path> document;

        Entry(PreparedSignature prepared, Optional<Path> document) {
            this.prepared = prepared;
            this.document = document;
        }
    }

    final List<Entry> entries;

    CadesState(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    String toText() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.prepared.toBase64());
            e.document.ifPresent(p -> sb.append('\t').append(p));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The state in one command-line word. */
    String toValue() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toText().getBytes(StandardCharsets.UTF_8));
    }

    /** A state file written by {@code --out}, or else the {@code State:} value printed by prepare. */
    static CadesState read(String fileOrValue) {
        Path file = null;
        try {
            file = Path.of(fileOrValue);
        } catch (RuntimeException notAPath) {
            // an inline value that is not a valid path on this system
        }
        String text;
        if (file != null && Files.isRegularFile(file)) {
            try {
                if (Files.size(file) > MAX_BYTES) {
                    throw new BadInputException("the state file " + file + " is larger than " + MAX_BYTES + " bytes: not a state from 'qseal cades prepare'");
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot read the state file " + file + ": " + e.getMessage());
            }
        } else {
            if (fileOrValue.length() > MAX_BYTES * 4 / 3 + 4) {
                throw new BadInputException("--state is too long to be a state value");
            }
            try {
                text = new String(Base64.getUrlDecoder().decode(fileOrValue.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--state '" + RequestOptions.clip(fileOrValue)
                        + "' is neither a state file nor the State: value printed by 'qseal cades prepare'");
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            PreparedSignature p = PreparedSignature.fromBase64(tab < 0 ? line : line.substring(0, tab));
            entries.add(new Entry(p, tab < 0 ? Optional.empty() : Optional.of(Path.of(line.substring(tab + 1)))));
        }
        if (entries.isEmpty()) {
            throw new BadInputException("--state holds no prepared signature");
        }
        return new CadesState(entries);
    }
}
