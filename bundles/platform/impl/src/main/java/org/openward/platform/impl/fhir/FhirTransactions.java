package org.openward.platform.impl.fhir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirTransactionService;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.platform.impl.users.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;

/**
 * FHIR transaction Bundles, for {@code POST /fhir} and for other bundles through the
 * {@link FhirTransactionService}: all entries succeed in one database transaction, or none is
 * stored. Entries are creates ({@code POST Type}) and updates ({@code PUT Type/id}); creates run
 * first, ordered so that an entry runs after the entries it refers to, and a reference to another
 * entry's {@code fullUrl} ({@code urn:uuid:…}) becomes the id the server gave it. Each entry goes
 * through its type's provider (from the one {@link FhirProviders} registry), so permissions and
 * audit are the module's as for a single request, with the caller bound to the thread. A failure
 * names the entry.
 */
@Component(service = { FhirTransactionService.class, FhirTransactions.class })
public class FhirTransactions implements FhirTransactionService {

    private static final Pattern UPDATE_URL = Pattern.compile("([A-Z][A-Za-z]{1,63})/([A-Za-z0-9\\-.]{1,64})");

    private final FhirTerser terser;
    private final FhirProviders providers;
    private final RequestGate gate;
    private final AccessControl access;
    private final Function<Supplier<Bundle>, Bundle> inTransaction;

    @Activate
    public FhirTransactions(@Reference FhirProviders providers, @Reference RequestGate gate,
            @Reference AccessControl access, @Reference PlatformDatabase database) {
        this(providers, gate, access, work -> database.tx(em -> work.get()));
    }

    /**
     * For tests outside OSGi.
     *
     * @param inTransaction runs work in one database transaction: all of it commits or none
     */
    public static FhirTransactions outsideOsgi(FhirProviders providers, RequestGate gate, AccessControl access,
            Function<Supplier<Bundle>, Bundle> inTransaction) {
        return new FhirTransactions(providers, gate, access, inTransaction);
    }

    // not public: the component's runtime would try a public constructor of the same arity as its own
    private FhirTransactions(FhirProviders providers, RequestGate gate, AccessControl access,
            Function<Supplier<Bundle>, Bundle> inTransaction) {
        this.terser = FhirContext.forR4Cached().newTerser();
        this.providers = providers;
        this.gate = gate;
        this.access = access;
        this.inTransaction = inTransaction;
    }

    /**
     * Runs a transaction for another bundle: as the caller bound to the thread, once the
     * {@link RequestGate} lets requests through (so that a module update never swaps a provider
     * in the middle of it). The answer's entries carry no {@code fullUrl}: there is no base URL.
     */
    @Override
    public Bundle transaction(Bundle bundle) {
        access.currentCaller(); // no caller, no transaction: a provider that forgot its check changes nothing
        try {
            return gate.pass(() -> process(bundle, null));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a transaction and answers with its transaction-response Bundle; the request has passed
     * the gate and bound its caller already ({@code POST /fhir}).
     *
     * @param baseUrl the base of the answer's {@code fullUrl}s, or {@code null} for none
     */
    public Bundle process(Bundle bundle, String baseUrl) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new InvalidInputException("OW-0040", "type", "POST /fhir takes a Bundle of type 'transaction'"
                    + (bundle.hasType() ? ", not '" + bundle.getType().toCode() + "'" : ""));
        }
        List<BundleEntryComponent> entries = bundle.getEntry();
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new InvalidInputException("OW-0041", "entry", "a transaction has 1 to " + MAX_ENTRIES
                    + " entries; this one has " + entries.size());
        }
        Map<String, Integer> byFullUrl = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            check(entries.get(i), i, byFullUrl);
        }
        List<Integer> order = order(entries, byFullUrl);
        return inTransaction.apply(() -> {
            Map<String, String> assigned = new HashMap<>();
            Resource[] stored = new Resource[entries.size()];
            for (int i : order) {
                stored[i] = run(entries.get(i), i, assigned);
            }
            return response(entries, stored, baseUrl);
        });
    }

    private static void check(BundleEntryComponent entry, int index, Map<String, Integer> byFullUrl) {
        String at = "entry[" + index + "]";
        HTTPVerb method = entry.getRequest().getMethod();
        if (method != HTTPVerb.POST && method != HTTPVerb.PUT) {
            throw new InvalidInputException("OW-0042", at + ".request.method", "entry " + index
                    + ": a transaction here creates (POST) and updates (PUT) only"
                    + (method == HTTPVerb.DELETE ? "; OpenWard never deletes, it marks records entered-in-error" : ""));
        }
        Resource resource = entry.getResource();
        if (resource == null) {
            throw new InvalidInputException("OW-0043", at + ".resource", "entry " + index + " has no resource");
        }
        String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl();
        if (method == HTTPVerb.POST ? !url.equals(resource.fhirType())
                : !matchesUpdate(url, resource)) {
            throw new InvalidInputException("OW-0044", at + ".request.url", "entry " + index + ": request.url must be '"
                    + resource.fhirType() + (method == HTTPVerb.POST ? "'" : "/<the resource's id>'") + ", was '" + url + "'");
        }
        if (entry.hasFullUrl() && byFullUrl.put(entry.getFullUrl(), index) != null) {
            throw new InvalidInputException("OW-0045", at + ".fullUrl", "entry " + index + ": fullUrl "
                    + entry.getFullUrl() + " appears twice");
        }
    }

    private static boolean matchesUpdate(String url, Resource resource) {
        Matcher m = UPDATE_URL.matcher(url);
        return m.matches() && m.group(1).equals(resource.fhirType()) && m.group(2).equals(resource.getIdElement().getIdPart());
    }

    /** Creates before updates; a create after every create it refers to. */
    private List<Integer> order(List<BundleEntryComponent> entries, Map<String, Integer> byFullUrl) {
        Map<Integer, Set<Integer>> needs = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getRequest().getMethod() != HTTPVerb.POST) {
                continue;
            }
            Set<Integer> referred = new HashSet<>();
            for (org.hl7.fhir.r4.model.Reference reference : references(entries.get(i).getResource())) {
                Integer target = byFullUrl.get(reference.getReference());
                if (target != null && target != i && entries.get(target).getRequest().getMethod() == HTTPVerb.POST) {
                    referred.add(target);
                }
            }
            needs.put(i, referred);
        }
        List<Integer> order = new ArrayList<>();
        Set<Integer> done = new HashSet<>();
        Deque<Integer> ready = new ArrayDeque<>();
        while (done.size() < needs.size()) {
            needs.forEach((i, referred) -> {
                if (!done.contains(i) && !ready.contains(i) && done.containsAll(referred)) {
                    ready.add(i);
                }
            });
            if (ready.isEmpty()) {
                int stuck = needs.keySet().stream().filter(i -> !done.contains(i)).findFirst().orElseThrow();
                throw new InvalidInputException("OW-0046", "entry[" + stuck + "]", "entries " + stuck
                        + " and others refer to each other in a circle; no order can create them");
            }
            while (!ready.isEmpty()) {
                int i = ready.poll();
                order.add(i);
                done.add(i);
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getRequest().getMethod() == HTTPVerb.PUT) {
                order.add(i);
            }
        }
        return order;
    }

    private Resource run(BundleEntryComponent entry, int index, Map<String, String> assigned) {
        Resource resource = entry.getResource();
        String type = resource.fhirType();
        try {
            for (org.hl7.fhir.r4.model.Reference reference : references(resource)) {
                String target = reference.getReference();
                if (assigned.containsKey(target)) {
                    reference.setReference(assigned.get(target));
                } else if (target != null && target.startsWith("urn:")) {
                    throw new InvalidInputException("OW-0047", "reference", "the reference " + target
                            + " names no entry of this transaction created before it");
                }
            }
            if (entry.getRequest().getMethod() == HTTPVerb.POST) {
                Resource created = providers.provider(type, FhirInteraction.CREATE).create(resource);
                if (entry.hasFullUrl()) {
                    assigned.put(entry.getFullUrl(), type + "/" + created.getIdElement().getIdPart());
                }
                return created;
            }
            return providers.provider(type, FhirInteraction.UPDATE).update(resource.getIdElement().getIdPart(), resource);
        } catch (InvalidInputException e) {
            String field = "entry[" + index + "].resource" + (e.field() == null ? "" : "." + e.field());
            throw new InvalidInputException(e.code(), field, "entry " + index + " (" + type + "): " + e.detail());
        } catch (NotFoundException e) {
            throw new NotFoundException(e.code(), "entry " + index + " (" + type + "): " + e.detail());
        } catch (ConflictException e) {
            throw new ConflictException(e.code(), "entry " + index + " (" + type + "): " + e.detail());
        }
    }

    private List<org.hl7.fhir.r4.model.Reference> references(Resource resource) {
        return terser.getAllPopulatedChildElementsOfType(resource, org.hl7.fhir.r4.model.Reference.class);
    }

    private static Bundle response(List<BundleEntryComponent> entries, Resource[] stored, String baseUrl) {
        Bundle response = new Bundle();
        response.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < entries.size(); i++) {
            Resource resource = stored[i];
            String location = resource.fhirType() + "/" + resource.getIdElement().getIdPart()
                    + "/_history/" + resource.getMeta().getVersionId();
            BundleEntryComponent entry = response.addEntry();
            if (baseUrl != null) {
                entry.setFullUrl(baseUrl + resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            }
            entry.getResponse()
                    .setStatus(entries.get(i).getRequest().getMethod() == HTTPVerb.POST ? "201 Created" : "200 OK")
                    .setLocation(location)
                    .setEtag("W/\"" + resource.getMeta().getVersionId() + "\"")
                    .setLastModified(resource.getMeta().getLastUpdated());
        }
        return response;
    }
}
