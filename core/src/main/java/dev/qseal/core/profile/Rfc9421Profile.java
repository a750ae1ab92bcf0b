package dev.qseal.core.profile;

import dev.qseal.core.BadInputException;
import dev.qseal.core.headers.HeaderRules;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The RFC 9421 part of a bank profile: the signature label, the covered components (always, with a
 * query, with a body), and the signature parameters ({@code created}, {@code expires}, {@code alg},
 * {@code keyid}). Immutable; adjust a copy with {@link #toBuilder()}.
 */
public final class Rfc9421Profile {
    private final String label;
    private final List<String> components;
    private final List<String> componentsWithQuery;
    private final List<String> componentsWithBody;
    private final boolean created;
    private final Duration expiresIn;
    private final boolean includeAlg;
    private final HeaderRules headerRules;

    private Rfc9421Profile(Builder b) {
        this.label = b.label;
        this.components = List.copyOf(b.components);
        this.componentsWithQuery = List.copyOf(b.componentsWithQuery);
        this.componentsWithBody = List.copyOf(b.componentsWithBody);
        this.created = b.created;
        this.expiresIn = b.expiresIn;
        this.includeAlg = b.includeAlg;
        this.headerRules = b.headerRules;
        if (components.isEmpty() && componentsWithBody.isEmpty()) {
            throw new BadInputException("an RFC 9421 profile must cover at least one component");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.label = label;
        b.components = components;
        b.componentsWithQuery = componentsWithQuery;
        b.componentsWithBody = componentsWithBody;
        b.created = created;
        b.expiresIn = expiresIn;
        b.includeAlg = includeAlg;
        b.headerRules = headerRules;
        return b;
    }

    public String label() {
        return label;
    }

    /** Components always covered, in order. */
    public List<String> components() {
        return components;
    }

    /** Components covered when the target has a query ({@code @query}), right after {@code @path} (else last). */
    public List<String> componentsWithQuery() {
        return componentsWithQuery;
    }

    /** Components covered last when the request has a body ({@code content-digest}). */
    public List<String> componentsWithBody() {
        return componentsWithBody;
    }

    /** Whether {@code created} is written. */
    public boolean created() {
        return created;
    }

    /** Validity written as {@code expires = created + this}, when set. */
    public Optional<Duration> expiresIn() {
        return Optional.ofNullable(expiresIn);
    }

    /** Whether {@code alg} is written. */
    public boolean includeAlg() {
        return includeAlg;
    }

    public HeaderRules headerRules() {
        return headerRules;
    }

    /** The components covered for a request with ({@code query}) or without a query and with or without a body. */
    public List<String> components(boolean query, boolean body) {
        List<String> out = new java.util.ArrayList<>(components);
        if (query) {
            int at = out.indexOf("@path");
            out.addAll(at < 0 ? out.size() : at + 1, componentsWithQuery);
        }
        if (body) {
            out.addAll(componentsWithBody);
        }
        return List.copyOf(out);
    }

    /** Builder for {@link Rfc9421Profile}; defaults: label {@code sig1}, {@code created}, RFC 9421 default header rules. */
    public static final class Builder {
        private String label = "sig1";
        private List<String> components = List.of("@method", "@authority", "@path", "content-digest");
        private List<String> componentsWithQuery = List.of("@query");
        private List<String> componentsWithBody = List.of();
        private boolean created = true;
        private Duration expiresIn;
        private boolean includeAlg;
        private HeaderRules headerRules = HeaderRules.DEFAULT;

        private Builder() {
        }

        public Builder label(String label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        public Builder components(String... specs) {
            this.components = List.of(specs);
            return this;
        }

        public Builder componentsWithQuery(String... specs) {
            this.componentsWithQuery = List.of(specs);
            return this;
        }

        public Builder componentsWithBody(String... specs) {
            this.componentsWithBody = List.of(specs);
            return this;
        }

        public Builder created(boolean created) {
            this.created = created;
            return this;
        }

        public Builder expiresIn(Duration validity) {
            this.expiresIn = validity;
            return this;
        }

        public Builder includeAlg(boolean include) {
            this.includeAlg = include;
            return this;
        }

        public Builder headerRules(HeaderRules rules) {
            this.headerRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        public Rfc9421Profile build() {
            return new Rfc9421Profile(this);
        }
    }
}
