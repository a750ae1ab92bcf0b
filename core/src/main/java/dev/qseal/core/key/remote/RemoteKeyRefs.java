package dev.qseal.core.key.remote;

import dev.qseal.core.BadInputException;
import dev.qseal.core.key.Certificates;
import dev.qseal.core.key.KeyRef;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What every remote-key scheme reads from its KeyRef the same way: attribute checks and {@code ?cert=}. */
public final class RemoteKeyRefs {
    private RemoteKeyRefs() {
    }

    /**
     * Rejects attributes that are neither the scheme's own ({@code schemeAttributes}), {@code cert},
     * nor one of {@link RemoteKeyPolicy#KEYREF_ATTRIBUTES}, so a typo is not silently ignored.
     */
    public static void checkAttributes(KeyRef ref, Set<String> schemeAttributes) {
        Set<String> known = new TreeSet<>(schemeAttributes);
        known.add("cert");
        known.addAll(RemoteKeyPolicy.KEYREF_ATTRIBUTES);
        for (String name : ref.query().keySet()) {
            if (!known.contains(name)) {
                // an unknown attribute may carry a secret someone put there by mistake: show no values
                String shown = ref.scheme() + ":" + ref.path() + "?" + String.join("&", ref.query().keySet());
                throw new BadInputException("the key reference " + shown + " has the unknown attribute '" + name
                        + "' (known for " + ref.scheme() + ": " + String.join(", ", known) + ")");
            }
        }
    }

    /** The certificate chain from {@code ?cert=/path} (PEM or DER, leaf first), or empty. */
    public static List<X509Certificate> certificateChain(KeyRef ref) {
        String cert = ref.param("cert").orElse("");
        if (cert.isEmpty()) {
            return List.of();
        }
        try {
            return Certificates.load(Path.of(cert));
        } catch (InvalidPathException e) {
            throw new BadInputException("the key reference " + ref + " has a cert= that is not a file path: " + e.getReason());
        }
    }

    /** A required attribute, or a {@link BadInputException} that shows the expected form. */
    public static String require(KeyRef ref, String name, String form) {
        String v = ref.param(name).orElse("");
        if (v.isEmpty()) {
            throw new BadInputException("the key reference " + ref + " lacks " + name + "=: write " + form);
        }
        return v;
    }
}
