package org.openward.platform.impl.ui;

import java.net.URL;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.ui.UiContribution;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The screens the installed modules contribute to the web shell ({@link UiContribution}), and
 * the files behind them, read from each contributing bundle's {@code ui/<id>/} folder.
 */
@Component(service = UiContributions.class)
public class UiContributions {

    /** What the shell needs to show a contribution: {@code style} is null when it has no main.css. */
    public record Screen(String id, String title, String route, int order, String script, String style) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(UiContributions.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\\.[a-z]{2,4}");

    /** A contribution, the bundle its files come from, and whether they include a main.css (read once). */
    private record Registered(UiContribution contribution, Bundle bundle, boolean styled) {
    }

    private final Map<String, Registered> byId = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContribution(UiContribution contribution, ServiceReference<UiContribution> reference) {
        String id = contribution.id();
        if (id == null || !ID.matcher(id).matches() || !ID.matcher(String.valueOf(contribution.route())).matches()) {
            LOG.warn("UI contribution {} of bundle {} ignored: its id and route must be lower-case letters, digits and"
                    + " dashes", id, reference.getBundle().getSymbolicName());
            return;
        }
        Bundle bundle = reference.getBundle();
        Registered previous = byId.put(id, new Registered(contribution, bundle,
                bundle.getEntry("ui/" + id + "/main.css") != null));
        if (previous != null && previous.contribution() != contribution) {
            LOG.warn("Two UI contributions named {}: bundle {} replaces bundle {}", id, bundle.getSymbolicName(),
                    previous.bundle().getSymbolicName());
        }
    }

    void removeContribution(UiContribution contribution) {
        byId.values().removeIf(r -> r.contribution() == contribution);
    }

    /** The screens the current caller may see, in navigation order. */
    public List<Screen> visibleTo(AccessControl access) {
        return byId.values().stream()
                .filter(r -> r.contribution().permissions().stream().anyMatch(access::isPermitted))
                .map(r -> {
                    UiContribution c = r.contribution();
                    String base = "/ui/" + c.id() + "/";
                    return new Screen(c.id(), c.title(), c.route(), c.order(), base + "main.js",
                            r.styled() ? base + "main.css" : null);
                })
                .sorted(Comparator.comparingInt(Screen::order).thenComparing(Screen::title))
                .toList();
    }

    /** A file of a contribution, or null when there is no such contribution or file. */
    public URL file(String id, String path) {
        Registered registered = byId.get(id);
        if (registered == null || path == null || !FILE.matcher(path).matches() || path.contains("..")) {
            return null;
        }
        return registered.bundle().getEntry("ui/" + id + "/" + path);
    }
}
