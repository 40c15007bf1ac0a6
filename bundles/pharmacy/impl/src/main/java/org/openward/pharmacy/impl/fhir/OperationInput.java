package org.openward.pharmacy.impl.fhir;

import java.time.Instant;

import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.openward.platform.api.error.InvalidInputException;

/** The named values of an operation's Parameters body, each refused by name when missing or of the wrong type. */
final class OperationInput {

    private final Parameters parameters;

    private OperationInput(Parameters parameters) {
        this.parameters = parameters;
    }

    static OperationInput of(Resource input, String operation) {
        if (!(input instanceof Parameters parameters)) {
            throw new InvalidInputException("OW-1550", "resourceType", "$" + operation + " takes a Parameters resource");
        }
        return new OperationInput(parameters);
    }

    /** A text value, or {@code null} when absent. */
    String text(String name) {
        Type value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isPrimitive()) {
            throw new InvalidInputException("OW-1551", "parameter(" + name + ")", name + " is a text value (valueString)");
        }
        return value.primitiveValue();
    }

    String requiredText(String name) {
        String text = text(name);
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("OW-1551", "parameter(" + name + ")", "$ operation parameter '" + name + "' is required");
        }
        return text;
    }

    int integer(String name, int fallback) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("OW-1551", "parameter(" + name + ")", name + " is a whole number (valueInteger)");
        }
    }

    Instant instant(String name) {
        String text = requiredText(name);
        try {
            return new org.hl7.fhir.r4.model.DateTimeType(text).getValue().toInstant();
        } catch (RuntimeException e) {
            throw new InvalidInputException("OW-1551", "parameter(" + name + ")", name + " is a date and time with its zone (valueDateTime)");
        }
    }

    private Type value(String name) {
        Parameters.ParametersParameterComponent parameter = parameters.getParameter().stream()
                .filter(p -> name.equals(p.getName())).findFirst().orElse(null);
        return parameter == null ? null : parameter.getValue();
    }
}
