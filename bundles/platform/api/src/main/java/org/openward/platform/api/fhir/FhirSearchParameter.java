package org.openward.platform.api.fhir;

import java.util.Objects;

/** A search parameter a provider understands, as listed in the CapabilityStatement. */
public final class FhirSearchParameter {

    /** The FHIR search parameter types OpenWard providers use. */
    public enum Type {
        STRING("string"), TOKEN("token"), DATE("date"), REFERENCE("reference"), NUMBER("number");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final String name;
    private final Type type;
    private final String documentation;

    public FhirSearchParameter(String name, Type type, String documentation) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.documentation = Objects.requireNonNull(documentation, "documentation");
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String documentation() {
        return documentation;
    }
}
