package org.openward.audit.impl.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditRecord;

/**
 * An audit record as a FHIR R4 AuditEvent, shaped after IHE Basic Audit Log Patterns (BALP):
 * RESTful interactions typed {@code rest} with the interaction as subtype, security events with
 * their DICOM codes; the user as the requesting agent (with the network address for HTTP), the
 * patient and the data touched as entities, the request id as a transaction entity, a search's
 * parameters as a query entity. The record's own action is kept as a further subtype.
 */
final class AuditEventTranslator {

    static final String ACTION_SYSTEM = "urn:openward:audit-action";
    static final String USER_SYSTEM = "urn:openward:user";
    static final String PLUGIN_SYSTEM = "urn:openward:plugin";
    private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String ROLE_TYPE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String BALP_ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";

    AuditEvent toFhir(AuditRecord record) {
        AuditEvent event = new AuditEvent();
        event.setId(Long.toString(record.id()));
        type(event, record.action());
        event.addSubtype(new Coding(ACTION_SYSTEM, record.action().name(), null));
        event.setAction(action(record.action()));
        event.setRecorded(Date.from(record.recordedAt()));
        event.setOutcome(record.outcome() == AuditOutcome.SUCCESS ? AuditEventOutcome._0 : AuditEventOutcome._4);
        if (record.outcome() != AuditOutcome.SUCCESS) {
            event.setOutcomeDesc(record.outcome().name().toLowerCase() + (record.detail() == null ? ""
                    : ": " + record.detail()));
        }
        event.addAgent(agent(record));
        if (record.plugin() != null) {
            event.addAgent(pluginAgent(record.plugin()));
        }
        event.getSource().setObserver(new Reference().setDisplay("OpenWard"))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        if (record.patientId() != null) {
            event.addEntity().setWhat(new Reference("Patient/" + record.patientId()))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (record.resourceType() != null && record.resourceId() != null) {
            event.addEntity().setWhat(new Reference(record.resourceType() + "/" + record.resourceId()))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        if (record.action() == AuditAction.SEARCH && record.detail() != null) {
            AuditEventEntityComponent query = event.addEntity()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                    .setQuery(record.detail().getBytes(StandardCharsets.UTF_8));
            if (record.resourceType() != null) {
                query.setDescription(record.resourceType());
            }
        } else if (record.outcome() == AuditOutcome.SUCCESS && record.detail() != null) {
            event.setOutcomeDesc(record.detail());
        }
        event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setValue(record.requestId())))
                .setType(new Coding(BALP_ENTITY_TYPE, "XrequestId", "X-Request-Id"));
        return event;
    }

    private static AuditEventAgentComponent agent(AuditRecord record) {
        boolean person = !record.actor().startsWith("system:");
        AuditEventAgentComponent agent = new AuditEventAgentComponent()
                .setType(new CodeableConcept(person ? new Coding(ROLE_TYPE, "humanuser", "human user")
                        : new Coding(ROLE_TYPE, "dataprocessor", "data processor")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(record.actor()))
                        .setDisplay(record.actor()))
                .setRequestor(true);
        if ("HTTP".equals(record.channel())) {
            agent.getNetwork().setAddress(record.sourceAddress()).setType(AuditEventAgentNetworkType._2);
        }
        return agent;
    }

    /** The plugin the user's access went through: a second agent, the software acting for them. */
    private static AuditEventAgentComponent pluginAgent(String plugin) {
        return new AuditEventAgentComponent()
                .setType(new CodeableConcept(new Coding(DICOM, "110150", "Application")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(PLUGIN_SYSTEM).setValue(plugin))
                        .setDisplay(plugin))
                .setRequestor(false);
    }

    private static void type(AuditEvent event, AuditAction action) {
        switch (action) {
            case CREATE, READ, UPDATE, DELETE, SEARCH, EXECUTE -> {
                event.setType(new Coding(EVENT_TYPE, "rest", "Restful Operation"));
                event.addSubtype(switch (action) {
                    case CREATE -> new Coding(INTERACTION, "create", "create");
                    case READ -> new Coding(INTERACTION, "read", "read");
                    case UPDATE -> new Coding(INTERACTION, "update", "update");
                    case DELETE -> new Coding(INTERACTION, "delete", "delete");
                    case SEARCH -> new Coding(INTERACTION, "search-type", "search type");
                    default -> new Coding(INTERACTION, "operation", "operation");
                });
            }
            case LOGIN, LOGOUT, SESSION_TIMEOUT -> {
                event.setType(new Coding(DICOM, "110114", "User Authentication"));
                event.addSubtype(action == AuditAction.LOGIN ? new Coding(DICOM, "110122", "Login")
                        : new Coding(DICOM, "110123", "Logout"));
            }
            default -> {
                event.setType(new Coding(DICOM, "110113", "Security Alert"));
                event.addSubtype(switch (action) {
                    case ACCESS_DENIED -> new Coding(DICOM, "110132", "Use of Restricted Function");
                    case BREAK_GLASS_START -> new Coding(DICOM, "110127", "Emergency Override Started");
                    case BREAK_GLASS_END -> new Coding(DICOM, "110138", "Emergency Override Stopped");
                    case USER_CHANGE -> new Coding(DICOM, "110137", "User Security Attributes Changed");
                    default -> new Coding(DICOM, "110131", "Software Configuration");
                });
            }
        }
    }

    /** FHIR's action code: create, read, update, delete, or execute for everything else. */
    static AuditEventAction action(AuditAction action) {
        return switch (action) {
            case CREATE -> AuditEventAction.C;
            case READ -> AuditEventAction.R;
            case UPDATE -> AuditEventAction.U;
            case DELETE -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }
}
