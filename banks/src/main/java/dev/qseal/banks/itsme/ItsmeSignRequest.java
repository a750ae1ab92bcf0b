package dev.qseal.banks.itsme;

import dev.qseal.core.BadInputException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sign session shows the user besides the hashes: where to send the user back
 * ({@code redirectUrl}, the registered one, with the caller's own query parameters if any), the
 * language, the description of the package of documents (in every language: en, fr, nl and de, at
 * most {@value #MAX_DESCRIPTION} characters each), the signature policy, commitment type and signer
 * role (at most {@value #MAX_SIGNER_ROLE} characters). Free text is checked by {@link Builder#build()}
 * — ISO 8859-15 only — so nothing is sent that itsme would refuse half-way. Immutable.
 */
public final class ItsmeSignRequest {
    public static final int MAX_DESCRIPTION = 255;
    public static final int MAX_SIGNER_ROLE = 50;
    /** itsme's generic qualified signature policy. */
    public static final String ITSME_DEFAULT_POLICY = "ITSME_DEFAULT";

    private final String redirectUrl;
    private final ItsmeLanguage language;
    private final Map<ItsmeLanguage, String> description;
    private final String signPolicyRef;
    private final String commitmentTypeRef;
    private final Map<ItsmeLanguage, String> signerRole;

    private ItsmeSignRequest(Builder b) {
        this.redirectUrl = b.redirectUrl;
        this.language = b.language;
        this.description = Collections.unmodifiableMap(new EnumMap<>(b.description));
        this.signPolicyRef = b.signPolicyRef;
        this.commitmentTypeRef = b.commitmentTypeRef;
        this.signerRole = Collections.unmodifiableMap(new EnumMap<>(b.signerRole));
    }

    /** A request that sends the user back to {@code redirectUrl} (exactly as given, query included). */
    public static Builder builder(String redirectUrl) {
        return new Builder(redirectUrl);
    }

    public String redirectUrl() {
        return redirectUrl;
    }

    public Optional<ItsmeLanguage> language() {
        return Optional.ofNullable(language);
    }

    /** Empty, or one text per language. */
    public Map<ItsmeLanguage, String> description() {
        return description;
    }

    public Optional<String> signPolicyRef() {
        return Optional.ofNullable(signPolicyRef);
    }

    public Optional<String> commitmentTypeRef() {
        return Optional.ofNullable(commitmentTypeRef);
    }

    public Map<ItsmeLanguage, String> signerRole() {
        return signerRole;
    }

    /** Builder; {@link #build()} checks every free text. */
    public static final class Builder {
        private final String redirectUrl;
        private ItsmeLanguage language;
        private final Map<ItsmeLanguage, String> description = new EnumMap<>(ItsmeLanguage.class);
        private String signPolicyRef;
        private String commitmentTypeRef;
        private final Map<ItsmeLanguage, String> signerRole = new EnumMap<>(ItsmeLanguage.class);

        private Builder(String redirectUrl) {
            this.redirectUrl = ItsmeClient.checkRedirectUrl(redirectUrl);
        }

        /** The language of itsme's screens (default: itsme's cookie, else the browser's). */
        public Builder language(ItsmeLanguage language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        /** The description of the documents in one language; give all four (en, fr, nl, de) or none. */
        public Builder description(ItsmeLanguage language, String text) {
            description.put(Objects.requireNonNull(language, "language"), Objects.requireNonNull(text, "text"));
            return this;
        }

        /** The signature policy (e.g. {@value ItsmeSignRequest#ITSME_DEFAULT_POLICY}), from itsme's discovery document. */
        public Builder signPolicy(String signPolicyRef) {
            this.signPolicyRef = Objects.requireNonNull(signPolicyRef, "signPolicyRef");
            return this;
        }

        /** The commitment type OID (e.g. {@code 1.2.840.113549.1.9.16.6.5}); part of the signature policy. */
        public Builder commitmentType(String commitmentTypeRef) {
            this.commitmentTypeRef = Objects.requireNonNull(commitmentTypeRef, "commitmentTypeRef");
            return this;
        }

        /** The signer's role in one language (itsme asks for all four); part of the signature policy. */
        public Builder signerRole(ItsmeLanguage language, String role) {
            signerRole.put(Objects.requireNonNull(language, "language"), Objects.requireNonNull(role, "role"));
            return this;
        }

        /** @throws ItsmeFreeTextException naming the field and the offending character or length */
        public ItsmeSignRequest build() {
            if (!description.isEmpty() && description.size() != ItsmeLanguage.values().length) {
                throw new ItsmeFreeTextException("description", -1, "a description must be given in every language itsme supports "
                        + "(EN, FR, NL, DE); missing: " + missing(description));
            }
            description.forEach((lang, text) -> FreeText.check("description (" + lang + ")", text, MAX_DESCRIPTION, false));
            signerRole.forEach((lang, text) -> FreeText.check("signer role (" + lang + ")", text, MAX_SIGNER_ROLE, true));
            if (signPolicyRef == null && (commitmentTypeRef != null || !signerRole.isEmpty())) {
                throw new BadInputException("a commitment type or signer role belongs to a signature policy: set the signature "
                        + "policy too (" + ITSME_DEFAULT_POLICY + " is itsme's generic qualified policy)");
            }
            if (signPolicyRef != null) {
                FreeText.check("signature policy", signPolicyRef, 100, false);
            }
            return new ItsmeSignRequest(this);
        }

        private static String missing(Map<ItsmeLanguage, String> given) {
            StringBuilder sb = new StringBuilder();
            for (ItsmeLanguage l : ItsmeLanguage.values()) {
                if (!given.containsKey(l)) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(l);
                }
            }
            return sb.toString();
        }
    }
}
