package io.mamori.agent;

/** This agent build's version, from its jar's manifest (a development build says so). */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-dev" : version;
    }
}
