package org.openward.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** A production start has no accounts and no default password; the first admin is made in the shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProductionStartIT extends OpenWardTestSupport {

    @Override
    protected boolean demo() {
        return false;
    }

    @Test
    public void noAccountExistsUntilTheFirstAdminIsCreatedFromTheShell() {
        await("the platform", Duration.ofSeconds(120), () -> http().get("/fhir/metadata", null).status() == 200);
        Http.Answer demoLogin = http().post("/api/auth/login", null, "application/json",
                "{\"username\":\"admin\",\"password\":\"admin-password\"}");
        assertStatus(401, demoLogin);
        // the local console's user, as bin/karaf gives it: Karaf roles, no OpenWard account
        String none = shell("openward:user-list", "karaf", "admin", "manager", "viewer", "systembundles");
        assertThat(none, containsString("Username"));
        assertEquals(0, none.lines().filter(line -> line.contains("admin")).count());

        String created = shellWithInput("a-long-first-password\na-long-first-password\n",
                "openward:user-add --role admin --name \"Ada Admin\" ada", "karaf", "admin", "manager", "viewer");
        assertThat(created, containsString("Created user ada with roles admin"));
        String token = login("ada", "a-long-first-password");
        assertEquals("ada", read(http().get("/api/auth/me", token).body()).get("username").asText());

        String tooShort = shellWithInput("short\nshort\n", "openward:user-add --role nurse nora", "karaf", "admin");
        assertThat(tooShort, containsString("OW-0103"));
        assertThat(shellWithInput("a-long-first-password\na-long-first-password\n",
                "openward:user-add --role admin ada", "karaf", "admin"), containsString("OW-0110"));
    }
}
