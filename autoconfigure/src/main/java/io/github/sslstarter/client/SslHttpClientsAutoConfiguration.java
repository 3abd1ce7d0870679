package io.github.sslstarter.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.core.SslContextFactory;

/**
 * Spring's HTTP clients on named contexts, when Spring Boot's HTTP client support
 * ({@code spring-boot-http-client}) is on the class path: {@link SslRequestFactories} for
 * {@code RestClient} and {@code RestTemplate}, {@link SslClientConnectors} for {@code WebClient},
 * and with {@code ssl.http-clients.context} every auto-configured client builder on that
 * context. Without it, an Apache HttpClient 5 builder given a bundle this project published
 * ({@code spring.http.clients.ssl.bundle}, {@code RestClientSsl.fromBundle}) uses the context's TLS
 * strategy, so that HttpClient's own host-name verifier does not second-guess the scheme. The plain adapters ({@link SslHttpClients}, {@link SslHttpComponents},
 * {@link SslReactorNetty}, {@link SslOkHttp}) need no Spring.
 */
@AutoConfiguration(after = SslContextsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder")
@ConditionalOnBean(SslContexts.class)
@EnableConfigurationProperties(SslHttpClientsProperties.class)
public final class SslHttpClientsAutoConfiguration {

	static final String CONTEXT_PROPERTY = "ssl.http-clients.context";

	static SslContextFactory context(SslContexts contexts, SslHttpClientsProperties properties) {
		if (!contexts.names().contains(properties.context())) {
			throw new NoSuchSslContextException(properties.context(), CONTEXT_PROPERTY, contexts.names());
		}
		return contexts.contextFactory(properties.context());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.client.RestClient")
	static final class RequestFactoriesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SslRequestFactories sslRequestFactories(SslContexts contexts,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder, ObjectProvider<HttpClientSettings> settings,
				ResourceLoader resourceLoader) {
			return new SslRequestFactories(contexts,
					builder.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader())),
					settings.getIfAvailable(HttpClientSettings::defaults));
		}

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ClientHttpRequestFactoryBuilder<?>> sslContextRequestFactoryBuilderCustomizer(
				SslContexts contexts, SslHttpClientsProperties properties) {
			if (properties.context() != null) {
				SslContextFactory context = context(contexts, properties);
				return (builder) -> SslRequestFactoryBuilders.bind(builder, context, CONTEXT_PROPERTY);
			}
			return (builder) -> SslRequestFactoryBuilders.publishedBundles(builder, contexts);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.web.reactive.function.client.WebClient",
			"org.springframework.http.client.reactive.ClientHttpConnector" })
	static final class ConnectorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SslClientConnectors sslClientConnectors(SslContexts contexts, ObjectProvider<ClientHttpConnectorBuilder<?>> builder,
				ObjectProvider<HttpClientSettings> settings, ResourceLoader resourceLoader) {
			return new SslClientConnectors(contexts,
					builder.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(resourceLoader.getClassLoader())),
					settings.getIfAvailable(HttpClientSettings::defaults));
		}

		@Bean
		ClientHttpConnectorBuilderCustomizer<ClientHttpConnectorBuilder<?>> sslContextConnectorBuilderCustomizer(
				SslContexts contexts, SslHttpClientsProperties properties) {
			if (properties.context() != null) {
				SslContextFactory context = context(contexts, properties);
				return (builder) -> SslRequestFactoryBuilders.bind(builder, context, CONTEXT_PROPERTY);
			}
			return (builder) -> SslRequestFactoryBuilders.publishedBundles(builder, contexts);
		}

	}

}
