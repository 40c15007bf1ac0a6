package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.events.EventDispatcher;
import org.openward.platform.impl.modules.ModuleRegistry;

@Command(scope = "openward", name = "events", description = "Shows each event consumer's cursor in the durable outbox:"
        + " position, events processed, backlog, failures. Events carry ids and codes, no patient content.")
@Service
public class EventsCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    EventDispatcher events;

    @Override
    public Object execute() {
        return access.callAsShellUser(() -> {
            access.checkPermission(ModuleRegistry.PERMISSION_READ);
            ShellTable table = new ShellTable();
            for (String column : new String[] {"Consumer", "Running", "Position", "Processed", "Backlog", "Failures",
                "Last error", "Types"}) {
                table.column(column);
            }
            for (EventDispatcher.Cursor c : events.cursors()) {
                table.addRow().addContent(c.consumer(), c.registered() ? "yes" : "no", c.position(), c.processed(),
                        c.backlog(), c.failures(), c.lastError() == null ? "" : c.lastError(), String.join(", ", c.types()));
            }
            table.print(System.out);
            System.out.println(events.unsequenced() + " events committed and waiting for their position");
            return null;
        });
    }
}
