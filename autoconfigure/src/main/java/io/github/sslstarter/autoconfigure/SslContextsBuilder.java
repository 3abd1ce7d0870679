package io.github.sslstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.verify.SchemeHostnameVerifier;

/**
 * Builds every context from the properties: loads, customizes, creates the factories.
 */
final class SslContextsBuilder {

	private final SslContextProperties properties;

	private final SslSettingsLoader loader;

	private final List<SslContextCustomizer> customizers;

	private final HandshakeListener listener;

	SslContextsBuilder(SslContextProperties properties, SslSettingsLoader loader, List<SslContextCustomizer> customizers,
			List<HandshakeListener> listeners) {
		this.properties = properties;
		this.loader = loader;
		this.customizers = customizers;
		this.listener = composite(listeners);
	}

	SslContexts build() {
		if (this.properties.contexts().containsKey(SslSettings.PRIMARY)) {
			throw new io.github.sslstarter.core.SslConfigurationException("ssl.contexts.primary",
					"'primary' is the name of the top-level context (ssl.*), so it cannot name another one",
					"give the named context another name, or configure the primary context at the top level");
		}
		this.properties.contexts().forEach(SslContextsBuilder::checkTopLevelOnly);
		Map<String, SslContexts.Context> contexts = new LinkedHashMap<>();
		contexts.put(SslSettings.PRIMARY, context(SslSettings.PRIMARY, null));
		new TreeMap<>(this.properties.contexts())
			.forEach((name, definition) -> contexts.put(name, context(name, definition)));
		return new SslContexts(contexts, this::variant);
	}

	// enabled, publish-bundles and contexts are the starter's own switches, not a context's
	private static void checkTopLevelOnly(String name, SslContextProperties named) {
		String prefix = SslSettingsLoader.prefix(name);
		String property = (named.enabled() != null) ? "enabled"
				: (named.publishBundles() != null) ? "publish-bundles" : (!named.contexts().isEmpty()) ? "contexts" : null;
		if (property != null) {
			throw new io.github.sslstarter.core.SslConfigurationException(prefix + property,
					"ssl." + property + " is set only at the top level, not for one context",
					"remove " + prefix + property + (property.equals("enabled")
							? "; to do without this context, remove ssl.contexts." + name : ""));
		}
	}

	private SslContexts.Context context(String name, SslContextProperties definition) {
		SslSettings.Builder settings = this.loader.load(name, definition).toBuilder();
		this.customizers.forEach((customizer) -> customizer.customizeSettings(name, settings));
		SslSettings built = settings.build();
		SslContextFactory factory;
		try {
			factory = new SslContextFactory(built,
					(parameters) -> this.customizers.forEach((c) -> c.customizeParameters(name, parameters)),
					this.listener);
		}
		catch (io.github.sslstarter.core.SslConfigurationException ex) {
			throw ex.setting().startsWith("ssl.") ? ex
					: new io.github.sslstarter.core.SslConfigurationException(
							SslSettingsLoader.prefix(name) + ex.setting(), ex.problem(), ex.action(), ex.getCause());
		}
		return new SslContexts.Context(factory, new SslSocketFactory(factory, this.listener),
				new SslServerSocketFactory(factory, this.listener),
				new SchemeHostnameVerifier(built.verifyScheme(), built.verifyName()));
	}

	private SslSocketFactory variant(String name, SslSettings settings) {
		SslContextFactory factory = new SslContextFactory(settings,
				(parameters) -> this.customizers.forEach((c) -> c.customizeParameters(name, parameters)),
				this.listener);
		return new SslSocketFactory(factory, this.listener);
	}

	private static HandshakeListener composite(List<HandshakeListener> listeners) {
		if (listeners.isEmpty()) {
			return HandshakeListener.NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		List<HandshakeListener> all = List.copyOf(listeners);
		return (event) -> all.forEach((listener) -> listener.handshake(event));
	}

}
