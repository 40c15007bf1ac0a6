package org.openward.platform.impl.http;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.ui.UiContributions;

/** The screens of the installed modules that the caller may see: the web shell builds its navigation from them. */
@Path("ui")
@Produces(MediaType.APPLICATION_JSON)
public class UiResource {

    private final UiContributions screens;
    private final AccessControl access;

    UiResource(UiContributions screens, AccessControl access) {
        this.screens = screens;
        this.access = access;
    }

    @GET
    public List<UiContributions.Screen> screens() {
        return screens.visibleTo(access);
    }
}
