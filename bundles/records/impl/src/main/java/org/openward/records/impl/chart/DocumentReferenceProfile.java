package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.DocumentReferenceContentComponent;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;

/**
 * Clinical notes. A note is written as a draft ({@code docStatus} preliminary), which only its
 * author changes; signing it ({@code final}) records the signer as its authenticator. A signed
 * note changes only as an amendment ({@code amended}), signed by whoever amends it. Every version
 * stays in the note's history.
 */
final class DocumentReferenceProfile extends ChartProfile<DocumentReference> {

    /** How OpenWard names its users in references: {@code identifier.system}. */
    static final String USER_SYSTEM = "urn:openward:user";
    static final String CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";

    DocumentReferenceProfile() {
        super(DocumentReference.class, "subject", new Parameters("date", "type", "category", "status"));
    }

    @Override
    Reference patient(DocumentReference note) {
        return note.getSubject();
    }

    @Override
    void check(DocumentReference note, Checks checks) {
        checks.required("status", note.hasStatus());
        checks.required("docStatus", note.hasDocStatus());
        checks.coded("type", note.getType(), Set.of(Checks.LOINC));
        checks.required("content", note.hasContent());
        for (int i = 0; i < note.getContent().size(); i++) {
            Attachment attachment = note.getContent().get(i).getAttachment();
            checks.required("content[" + i + "].attachment.contentType", attachment.hasContentType());
            checks.required("content[" + i + "].attachment.data", attachment.hasData());
        }
        if (note.getStatus() == DocumentReferenceStatus.ENTEREDINERROR
                != (note.getDocStatus() == ReferredDocumentStatus.ENTEREDINERROR)) {
            throw checks.fault("OW-1205", "docStatus", "status and docStatus are entered-in-error together or not at all");
        }
    }

    @Override
    void complete(DocumentReference note, DocumentReference previous, Author author) {
        ReferredDocumentStatus now = note.getDocStatus();
        if (!note.hasDate()) {
            note.setDate(previous != null && previous.hasDate() ? previous.getDate() : Date.from(author.at()));
        }
        if (previous == null) {
            if (now != ReferredDocumentStatus.PRELIMINARY && now != ReferredDocumentStatus.FINAL) {
                throw new InvalidInputException("OW-1210", "docStatus", "DocumentReference.docStatus:"
                        + " a new note is a draft (preliminary) or signed at once (final)");
            }
            note.getAuthor().clear();
            note.addAuthor(user(author.username()));
        } else {
            ReferredDocumentStatus before = previous.getDocStatus();
            if (before == ReferredDocumentStatus.PRELIMINARY) {
                if (!wroteIt(previous, author.username())) {
                    throw new ConflictException("OW-1211", "a draft note is changed or signed by its author only");
                }
                if (now == ReferredDocumentStatus.AMENDED) {
                    throw new InvalidInputException("OW-1210", "docStatus", "DocumentReference.docStatus:"
                            + " a draft is signed (final), not amended");
                }
            } else if (now == ReferredDocumentStatus.PRELIMINARY) {
                throw new InvalidInputException("OW-1210", "docStatus",
                        "DocumentReference.docStatus: a signed note does not return to draft; amend it (amended)");
            } else if (now == ReferredDocumentStatus.FINAL && !sameContent(note, previous)) {
                throw new InvalidInputException("OW-1210", "docStatus", "DocumentReference.docStatus:"
                        + " a signed note changes only as an amendment; set docStatus to amended");
            } else if (now == ReferredDocumentStatus.AMENDED && sameContent(note, previous)) {
                throw new InvalidInputException("OW-1210", "content", "DocumentReference.content:"
                        + " an amendment changes the note's text; this one is the same as the signed note");
            }
            note.setAuthor(previous.getAuthor());
            note.setAuthenticator(previous.getAuthenticator());
            if (now == ReferredDocumentStatus.AMENDED && !wroteIt(note, author.username())) {
                note.addAuthor(user(author.username()));
            }
        }
        boolean signs = (now == ReferredDocumentStatus.FINAL && (previous == null
                || previous.getDocStatus() == ReferredDocumentStatus.PRELIMINARY))
                || (now == ReferredDocumentStatus.AMENDED && !sameContent(note, previous));
        if (signs) {
            note.setAuthenticator(user(author.username()));
        }
    }

    private static Reference user(String username) {
        return new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(username))
                .setDisplay(username);
    }

    private static boolean wroteIt(DocumentReference note, String username) {
        return note.getAuthor().stream().anyMatch(a -> USER_SYSTEM.equals(a.getIdentifier().getSystem())
                && username.equals(a.getIdentifier().getValue()));
    }

    private static boolean sameContent(DocumentReference a, DocumentReference b) {
        List<DocumentReferenceContentComponent> x = a.getContent();
        List<DocumentReferenceContentComponent> y = b.getContent();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).getAttachment().equalsDeep(y.get(i).getAttachment())) {
                return false;
            }
        }
        return true;
    }

    @Override
    Instant date(DocumentReference note) {
        return instant(note.getDate());
    }

    @Override
    List<Coding> codes(DocumentReference note) {
        return codings(note.getType());
    }

    @Override
    List<Coding> categories(DocumentReference note) {
        return codings(note.getCategory());
    }

    @Override
    String status(DocumentReference note) {
        return note.getStatus().toCode();
    }

    @Override
    boolean enteredInError(DocumentReference note) {
        return note.getStatus() == DocumentReferenceStatus.ENTEREDINERROR;
    }

    @Override
    void markEnteredInError(DocumentReference note) {
        note.setStatus(DocumentReferenceStatus.ENTEREDINERROR);
        note.setDocStatus(ReferredDocumentStatus.ENTEREDINERROR);
    }
}
