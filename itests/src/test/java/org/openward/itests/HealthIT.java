package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** Health for load balancers (/health) and administrators (openward:health), from Felix Health Checks. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends OpenWardTestSupport {

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    @Test
    public void loadBalancersSeeTheStatusAndAdministratorsEachCheck() throws Exception {
        // every module has finished starting (the demo data loads in the background)
        try {
            await("/health to say OK", Duration.ofSeconds(120), () -> http().get("/health", null).status() == 200);
        } catch (AssertionError e) {
            throw new AssertionError(shell("openward:health", "ops", "admin"), e);
        }
        Http.Answer healthy = http().get("/health", null);
        assertEquals(shell("openward:health", "ops", "admin"), 200, healthy.status());
        assertEquals("{\"status\":\"OK\"}", healthy.body());

        String report = shell("openward:health", "ops", "admin");
        assertThat(report, containsString("Overall: OK"));
        for (String check : new String[] {"Database", "Modules", "Audit chain", "Decision support",
            "Module openward-records", "Module openward-pharmacy", "Module openward-audit"}) {
            assertThat(report, containsString(check));
        }
        assertThat(report, containsString("migrations: schema records at version"));
        assertThat(report, containsString("events: pharmacy.allergy-rescreen at position"));
        assertThat(shell("openward:modules", "ops", "admin"), containsString("OK"));
        assertRefusedByTheCommandAcl(shell("openward:health", "nurse-on-shell", "nurse"));

        Bundle records = bundle("org.openward.records.impl");
        records.stop();
        try {
            await("/health to notice", Duration.ofSeconds(30), () -> http().get("/health", null).status() == 503);
            assertEquals("{\"status\":\"CRITICAL\"}", http().get("/health", null).body());
            assertThat(shell("openward:health", "ops", "admin"),
                    containsString("org.openward.records.impl (resolved, not started)"));
            String modules = shell("openward:modules", "ops", "admin");
            assertThat(modules, containsString("CRITICAL: CRITICAL bundles: org.openward.records.impl (resolved, not started)"));
            // the pharmacy's own bundles still run, but its components wait for the records services
            assertThat(shell("openward:health", "ops", "admin"), containsString("Module openward-pharmacy"));
            assertThat(shell("openward:health", "ops", "admin"), containsString("waits for"));
        } finally {
            records.start();
        }
        await("/health to recover", Duration.ofSeconds(60), () -> http().get("/health", null).status() == 200);
    }
}
