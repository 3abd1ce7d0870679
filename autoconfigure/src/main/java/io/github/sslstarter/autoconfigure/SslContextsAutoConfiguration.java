package io.github.sslstarter.autoconfigure;

import javax.net.ssl.HostnameVerifier;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsReloadListener;

/**
 * Auto-configuration of TLS contexts from {@code ssl.*}: the primary context's
 * {@link SslContextFactory}, {@link SslSocketFactory}, {@link SslServerSocketFactory} and
 * {@link HostnameVerifier} (injected by type), every named context's (injected with
 * {@code @Qualifier("<name>")}), and the {@link SslContexts} registry of all of them. Beans of
 * these types defined by the application make it back off.
 */
@AutoConfiguration(after = org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "ssl.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SslContextProperties.class)
@Import(NamedSslContextsRegistrar.class)
public final class SslContextsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SslContexts sslContexts(SslContextProperties properties, ObjectProvider<SslBundles> bundles,
			ObjectProvider<SslBundleRegistry> registry, BeanFactory beanFactory,
			ObjectProvider<SslPasswordProvider> passwordProviders, ObjectProvider<SslContextCustomizer> customizers,
			ObjectProvider<HandshakeListener> listeners, ObjectProvider<TlsReloadListener> reloadListeners,
			ApplicationEventPublisher events) {
		SslBundles availableBundles = bundles.getIfAvailable();
		SslSettingsLoader loader = new SslSettingsLoader(properties, availableBundles, beanFactory::getBean,
				passwordProviders.orderedStream().toList());
		java.util.List<TlsReloadListener> reloads = new java.util.ArrayList<>(reloadListeners.orderedStream().toList());
		reloads.add((reload) -> events.publishEvent(new TlsReloadEvent(reload)));
		SslContexts contexts = new SslContextsBuilder(properties, loader, customizers.orderedStream().toList(),
				listeners.orderedStream().toList(), reloads)
			.build();
		SslBundleRegistry bundleRegistry = registry.getIfAvailable();
		if (properties.publishesBundles() && bundleRegistry != null && availableBundles != null) {
			SslBundlePublisher.publish(contexts, bundleRegistry, availableBundles);
		}
		if (availableBundles != null) {
			SslBundleReloads.follow(contexts, availableBundles);
		}
		return contexts;
	}

	@Bean
	@ConditionalOnMissingBean
	SslContextFactory sslContextFactory(SslContexts contexts) {
		return contexts.contextFactory(SslSettings.PRIMARY);
	}

	@Bean
	@ConditionalOnMissingBean
	SslSocketFactory sslSocketFactory(SslContexts contexts) {
		return contexts.socketFactory(SslSettings.PRIMARY);
	}

	@Bean
	@ConditionalOnMissingBean
	SslServerSocketFactory sslServerSocketFactory(SslContexts contexts) {
		return contexts.serverSocketFactory(SslSettings.PRIMARY);
	}

	@Bean
	@ConditionalOnMissingBean(HostnameVerifier.class)
	HostnameVerifier sslHostnameVerifier(SslContexts contexts) {
		return contexts.hostnameVerifier(SslSettings.PRIMARY);
	}

}
