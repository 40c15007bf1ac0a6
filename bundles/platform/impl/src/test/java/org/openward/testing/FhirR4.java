package org.openward.testing;

import static org.junit.Assert.assertTrue;

import java.util.stream.Collectors;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;

/** The HAPI FHIR validator on the R4 base profiles and terminology, for every bundle's tests. */
public final class FhirR4 {

    private static FhirValidator validator;

    private FhirR4() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            FhirContext fhir = FhirContext.forR4Cached();
            ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                    new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir));
            validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
        }
        return validator;
    }

    /** Fails, listing them, on any error the validator finds in the resource. */
    public static void assertValid(Resource resource) {
        ValidationResult result = validator().validateWithResult(resource);
        String errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage()).collect(Collectors.joining("\n"));
        assertTrue(errors, errors.isEmpty());
    }
}
