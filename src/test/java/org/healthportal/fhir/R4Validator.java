package org.healthportal.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * HL7's FHIR validator (HAPI FHIR's validation module) against the R4 base definitions, offline:
 * the core definitions ship in hapi-fhir-validation-resources-r4. The IHE mCSD profiles are not
 * checked: their package would have to come from the FHIR package registry, which this build cannot
 * reach.
 */
final class R4Validator {

  static final FhirContext CONTEXT = FhirContext.forR4();
  private static FhirValidator validator;

  private R4Validator() {}

  private static synchronized FhirValidator validator() {
    if (validator == null) {
      ValidationSupportChain chain = new ValidationSupportChain(
          new DefaultProfileValidationSupport(CONTEXT),
          new InMemoryTerminologyServerValidationSupport(CONTEXT),
          new CommonCodeSystemsTerminologyService(CONTEXT),
          new SnapshotGeneratingValidationSupport(CONTEXT));
      FhirInstanceValidator module = new FhirInstanceValidator(chain);
      module.setAnyExtensionsAllowed(true); // ours (beds) is documented, not published as a StructureDefinition
      validator = CONTEXT.newValidator().registerValidatorModule(module);
    }
    return validator;
  }

  /** The messages of error or fatal severity (an empty list is a pass). */
  static List<String> errors(String json) {
    ValidationResult result = validator().validateWithResult(json);
    return result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(R4Validator::describe)
        .toList();
  }

  private static String describe(SingleValidationMessage m) {
    return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
  }
}
