package org.openward.audit.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.audit.impl.integrity.AuditKeys;
import org.openward.audit.impl.integrity.AuditVerifier;
import org.openward.audit.impl.integrity.Verification;
import org.openward.platform.api.security.AccessControl;

@Command(scope = "audit", name = "verify", description = "Recomputes the audit trail's hash chain from the first"
        + " record and checks every record's seal, every signed checkpoint and the chain's head; names the first"
        + " bad record and fails when there is one. Auditors only; the verification is itself recorded.")
@Service
public class AuditVerifyCommand implements Action {

    @Option(name = "-n", aliases = "--problems", description = "How many problems to list when there are any.")
    int listed = 10;

    @Reference
    AccessControl access;

    @Reference
    AuditVerifier verifier;

    @Reference
    AuditKeys keys;

    @Override
    public Object execute() {
        Verification verified = access.callAsShellUser(verifier::verify);
        System.out.println(verified.intact() ? "Audit trail intact." : "AUDIT TRAIL TAMPERED: "
                + verified.problemCount() + " problem(s). First bad record: " + verified.first());
        System.out.println("  chain entries checked:     " + verified.entries());
        System.out.println("  chain head:                " + verified.head().seq() + " " + verified.head().entryHash());
        System.out.println("  signed checkpoints:        " + verified.checkpoints());
        System.out.println("  records not linked yet:    " + verified.queued());
        System.out.println("  checkpoint key (SHA-256):  " + keys.fingerprint());
        if (!verified.intact()) {
            verified.problems().stream().limit(Math.max(listed, 1)).forEach(problem -> System.out.println("  " + problem));
            if (verified.problemCount() > listed) {
                System.out.println("  ... and " + (verified.problemCount() - listed) + " more");
            }
            throw new IllegalStateException("the audit trail failed verification; first bad record: " + verified.first());
        }
        return null;
    }
}
