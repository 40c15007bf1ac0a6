package org.openward.platform.impl.modules;

/** An installed OpenWard module: its feature name, version, state and what it does. */
public record ModuleInfo(String name, String version, String state, String description) {
}
