package io.github.sslstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.MaterialReloader;
import io.github.sslstarter.core.MaterialWatcher;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsReloadListener;
import io.github.sslstarter.verify.SchemeHostnameVerifier;

/**
 * Builds every context from the properties: loads, customizes, creates the factories.
 */
final class SslContextsBuilder {

	private final SslContextProperties properties;

	private final SslSettingsLoader loader;

	private final List<SslContextCustomizer> customizers;

	private final HandshakeListener listener;

	private final List<TlsReloadListener> reloadListeners;

	SslContextsBuilder(SslContextProperties properties, SslSettingsLoader loader, List<SslContextCustomizer> customizers,
			List<HandshakeListener> listeners) {
		this(properties, loader, customizers, listeners, List.of());
	}

	SslContextsBuilder(SslContextProperties properties, SslSettingsLoader loader, List<SslContextCustomizer> customizers,
			List<HandshakeListener> listeners, List<TlsReloadListener> reloadListeners) {
		this.properties = properties;
		this.loader = loader;
		this.customizers = customizers;
		this.listener = composite(listeners);
		this.reloadListeners = List.copyOf(reloadListeners);
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
		// watched only once every context could be built
		contexts.values().forEach((context) -> {
			if (context.watcher() != null) {
				context.watcher().start(context.loaded());
			}
		});
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

	// at startup and for every reload: the same loading, the same customizers
	private SslSettings settings(String name, SslContextProperties definition) {
		SslSettings.Builder settings = this.loader.load(name, definition).toBuilder();
		this.customizers.forEach((customizer) -> customizer.customizeSettings(name, settings));
		return settings.build();
	}

	private SslContexts.Context context(String name, SslContextProperties definition) {
		SslReloadSettings reload = this.loader.reload(name, definition);
		// the files as they are before they are read: a change while starting up is reloaded
		MaterialWatcher.Snapshot loaded = reload.enabled() ? MaterialWatcher.snapshot(reload.files()) : null;
		SslSettings built = settings(name, definition);
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
		MaterialReloader reloader = new MaterialReloader(factory, () -> settings(name, definition), this.reloadListeners);
		MaterialWatcher watcher = (reload.enabled() && !reload.files().isEmpty())
				? new MaterialWatcher(reloader, reload.files(), reload.interval(), reload.quietPeriod()) : null;
		return new SslContexts.Context(factory, new SslSocketFactory(factory, this.listener),
				new SslServerSocketFactory(factory, this.listener),
				new SchemeHostnameVerifier(built.verifyScheme(), built.verifyName()), reloader, watcher, loaded,
				reload.bundles());
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
