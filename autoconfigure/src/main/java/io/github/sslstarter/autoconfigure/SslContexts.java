package io.github.sslstarter.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import javax.net.ssl.HostnameVerifier;

import io.github.sslstarter.core.MaterialReloader;
import io.github.sslstarter.core.MaterialWatcher;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.verify.SchemeHostnameVerifier;

/**
 * Every TLS context of the application by name: {@code primary} (the top-level {@code ssl.*})
 * and each {@code ssl.contexts.<name>}. The same objects are also beans: the primary ones
 * injected by type, the named ones with {@code @Qualifier("<name>")}. Closing it stops the
 * watchers of the contexts' material ({@code ssl.reload.*}).
 */
public final class SslContexts implements AutoCloseable {

	private final Map<String, Context> contexts;

	private final BiFunction<String, SslSettings, SslSocketFactory> variants;

	SslContexts(Map<String, Context> contexts, BiFunction<String, SslSettings, SslSocketFactory> variants) {
		this.contexts = Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
		this.variants = variants;
	}

	/**
	 * A client socket factory for a variant of context {@code name}, its settings changed by
	 * {@code change} (for example another hostname scheme), built the way the context itself
	 * was: with the customizers' parameters and the handshake listeners. Each call builds a new
	 * TLS context: keep the result.
	 */
	public SslSocketFactory variant(String name, UnaryOperator<SslSettings.Builder> change) {
		SslSettings settings = change.apply(contextFactory(name).settings().toBuilder()).build();
		return this.variants.apply(name, settings);
	}

	/** The names of all contexts, the primary first. */
	public Set<String> names() {
		return this.contexts.keySet();
	}

	/** The primary (top-level) context's factory. */
	public SslContextFactory primary() {
		return contextFactory(SslSettings.PRIMARY);
	}

	/** A context's factory. @throws NoSuchSslContextException for an unknown name */
	public SslContextFactory contextFactory(String name) {
		return get(name).contextFactory();
	}

	/** A context's client socket factory. @throws NoSuchSslContextException for an unknown name */
	public SslSocketFactory socketFactory(String name) {
		return get(name).socketFactory();
	}

	/** A context's server socket factory. @throws NoSuchSslContextException for an unknown name */
	public SslServerSocketFactory serverSocketFactory(String name) {
		return get(name).serverSocketFactory();
	}

	/** A context's hostname verifier, for clients that verify after the handshake. */
	public HostnameVerifier hostnameVerifier(String name) {
		return get(name).hostnameVerifier();
	}

	/** What reloads a context's material. @throws NoSuchSslContextException for an unknown name */
	public MaterialReloader reloader(String name) {
		return get(name).reloader();
	}

	/**
	 * The watcher of a context's material files, or {@code null} when they are not watched
	 * ({@code reload.enabled} off, or no file to watch).
	 * @throws NoSuchSslContextException for an unknown name
	 */
	public MaterialWatcher watcher(String name) {
		return get(name).watcher();
	}

	/** The Spring Boot SSL bundles a context takes its identity or trust from. */
	java.util.List<String> bundlesOf(String name) {
		return get(name).bundles();
	}

	/** Stops watching the material of every context. */
	@Override
	public void close() {
		for (Context context : this.contexts.values()) {
			if (context.watcher() != null) {
				context.watcher().close();
			}
		}
	}

	private Context get(String name) {
		Context context = this.contexts.get(name);
		if (context == null) {
			throw new NoSuchSslContextException(name, null, this.contexts.keySet());
		}
		return context;
	}

	/** One context's objects. */
	record Context(SslContextFactory contextFactory, SslSocketFactory socketFactory,
			SslServerSocketFactory serverSocketFactory, SchemeHostnameVerifier hostnameVerifier,
			MaterialReloader reloader, MaterialWatcher watcher, MaterialWatcher.Snapshot loaded,
			java.util.List<String> bundles) {

	}

}
