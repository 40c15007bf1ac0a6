package org.openward.platform.impl.http;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;

/** The OpenWard modules installed in this runtime. */
@Path("modules")
@Produces(MediaType.APPLICATION_JSON)
public class ModulesResource {

    private final ModuleRegistry modules;
    private final AccessControl access;

    ModulesResource(ModuleRegistry modules, AccessControl access) {
        this.modules = modules;
        this.access = access;
    }

    @GET
    public List<ModuleInfo> list() {
        access.checkPermission(ModuleRegistry.PERMISSION_READ);
        return modules.modules();
    }
}
