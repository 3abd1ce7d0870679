package io.github.sslstarter.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientSsl;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.verify.HostnameMismatchException;

import static io.github.sslstarter.client.HttpsFixtures.assertRefusedAsWrongHost;
import static io.github.sslstarter.client.HttpsFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's HTTP clients on named contexts: the adapters' beans ({@link SslRequestFactories},
 * {@link SslClientConnectors}), {@code ssl.http-clients.context}, and Spring Boot's own routes
 * given the published bundle's name ({@code RestClientSsl.fromBundle},
 * {@code spring.http.clients.ssl.bundle}, {@code WebClientSsl.fromBundle},
 * {@code RestTemplateBuilder.sslBundle}), which must behave exactly like the adapters: against
 * the same three servers (a name only the context accepts, a wrong host, mutual TLS), the same
 * answer or the same classified failure.
 */
class SslHttpClientsAutoConfigurationTest {

	@TempDir
	Path directory;

	private final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner runner(String... properties) {
		TestCertificate.PemFiles ca = HttpsFixtures.ca.writeTo(this.directory, "ca");
		TestCertificate.PemFiles client = HttpsFixtures.client.writeTo(this.directory, "client");
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SslContextsAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
					RestTemplateAutoConfiguration.class, WebClientAutoConfiguration.class,
					SslHttpClientsAutoConfiguration.class))
			.withBean(HandshakeListener.class, () -> this.events::add)
			.withPropertyValues("ssl.trust.ca-file=" + ca.chain(), "ssl.trust.system-defaults=false",
					"ssl.contexts.partners.verify.name=service.internal",
					"ssl.contexts.mutual.identity.certificate=" + client.chain(),
					"ssl.contexts.mutual.identity.private-key=" + client.privateKey())
			.withPropertyValues(properties);
	}

	/** The three servers and the context each is reached with. */
	private enum Case {

		ONLY_THE_CONTEXT_ACCEPTS(HttpsFixtures.service, false, "partners", "hello anonymous"),

		WRONG_HOST(HttpsFixtures.wrongHost, false, "primary", null),

		MUTUAL(HttpsFixtures.localhost, true, "mutual", "hello CN=client-one");

		final TestCertificate certificate;

		final boolean needClientAuth;

		final String context;

		final String answer;

		Case(TestCertificate certificate, boolean needClientAuth, String context, String answer) {
			this.certificate = certificate;
			this.needClientAuth = needClientAuth;
			this.context = context;
			this.answer = answer;
		}

		void check(Function<String, HttpsFixtures.Request> client, boolean classified) throws Exception {
			HttpsServer server = server(this.certificate, this.needClientAuth);
			if (this.answer != null) {
				assertThat(HttpsFixtures.answer(server, client.apply(this.context))).as(name()).isEqualTo(this.answer);
			}
			else if (classified) {
				assertRefusedAsWrongHost(HttpsFixtures.failure(server, client.apply(this.context)));
			}
			else {
				// refused by the context's trust manager, inside the handshake, with its message
				Throwable failure = HttpsFixtures.failure(server, client.apply(this.context));
				assertThat(HttpsFixtures.find(failure, HostnameMismatchException.class)).isNotNull()
					.satisfies((mismatch) -> assertThat(mismatch.getMessage()).contains("www.example.org"));
			}
		}

	}

	private static void everyCase(Function<String, HttpsFixtures.Request> client) throws Exception {
		everyCase(client, true);
	}

	private static void everyCase(Function<String, HttpsFixtures.Request> client, boolean classified)
			throws Exception {
		for (Case each : Case.values()) {
			each.check(client, classified);
		}
	}

	private static HttpsFixtures.Request get(RestClient.Builder builder) {
		RestClient client = builder.build();
		return (url) -> client.get().uri(url).retrieve().body(String.class);
	}

	private static HttpsFixtures.Request get(WebClient.Builder builder) {
		WebClient client = builder.build();
		return (url) -> client.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
	}

	private static HttpsFixtures.Request get(RestTemplateBuilder builder) {
		org.springframework.web.client.RestTemplate template = builder.build();
		return (url) -> template.getForObject(url, String.class);
	}

	private static RestClient.Builder restClient(AssertableApplicationContext context) {
		return context.getBean(RestClient.Builder.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "http-components", "reactor" })
	void restClientOnAContextAndRestClientSslOnItsBundleBehaveAlike(String factory) {
		runner("spring.http.clients.imperative.factory=" + factory).run((context) -> {
			SslRequestFactories ssl = context.getBean(SslRequestFactories.class);
			everyCase((name) -> get(restClient(context).apply(ssl.restClient(name))));
			RestClientSsl boot = context.getBean(RestClientSsl.class);
			// Boot builds Reactor Netty's own SslContext from the bundle's managers: the context's
			// rules, but not its SSLContext, so failures are not classified (see the README)
			everyCase((name) -> get(restClient(context).apply(boot.fromBundle(name))), !factory.equals("reactor"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "http-components" })
	void restTemplateOnAContextAndOnItsBundleBehaveAlike(String factory) {
		runner("spring.http.clients.imperative.factory=" + factory).run((context) -> {
			SslRequestFactories ssl = context.getBean(SslRequestFactories.class);
			RestTemplateBuilder builder = context.getBean(RestTemplateBuilder.class);
			everyCase((name) -> get(builder.requestFactoryBuilder(ssl.builder(name))));
			org.springframework.boot.ssl.SslBundles bundles = context.getBean(org.springframework.boot.ssl.SslBundles.class);
			everyCase((name) -> get(builder.sslBundle(bundles.getBundle(name))));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk", "http-components" })
	void webClientOnAContextAndWebClientSslOnItsBundleBehaveAlike(String connector) {
		runner("spring.http.clients.reactive.connector=" + connector).run((context) -> {
			SslClientConnectors ssl = context.getBean(SslClientConnectors.class);
			everyCase((name) -> get(context.getBean(WebClient.Builder.class).apply(ssl.webClient(name))));
			WebClientSsl boot = context.getBean(WebClientSsl.class);
			everyCase((name) -> get(context.getBean(WebClient.Builder.class).apply(boot.fromBundle(name))),
					!connector.equals("reactor"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "http-components" })
	void oneBoundPropertyOrTheOtherPutsEveryAutoConfiguredClientOnTheContext(String factory) throws Exception {
		for (String property : List.of("ssl.http-clients.context=partners", "spring.http.clients.ssl.bundle=partners")) {
			runner("spring.http.clients.imperative.factory=" + factory, property).run((context) -> {
				assertThat(HttpsFixtures.answer(server(HttpsFixtures.service, false), get(restClient(context))))
					.as(property)
					.isEqualTo("hello anonymous");
				assertThat(HttpsFixtures.answer(server(HttpsFixtures.service, false),
						get(context.getBean(RestTemplateBuilder.class))))
					.as(property)
					.isEqualTo("hello anonymous");
				assertThat(HttpsFixtures.answer(server(HttpsFixtures.service, false),
						get(context.getBean(WebClient.Builder.class))))
					.as(property)
					.isEqualTo("hello anonymous");
			});
		}
	}

	@Test
	void handshakesOfTheAdaptersAreReportedUnderTheContextsName() {
		runner().run((context) -> {
			HttpsFixtures.answer(server(HttpsFixtures.service, false),
					get(restClient(context).apply(context.getBean(SslRequestFactories.class).restClient("partners"))));
			HttpsFixtures.answer(server(HttpsFixtures.service, false),
					get(context.getBean(WebClient.Builder.class)
						.apply(context.getBean(SslClientConnectors.class).webClient("partners"))));
			HttpsFixtures.failure(server(HttpsFixtures.wrongHost, false),
					get(restClient(context).apply(context.getBean(SslRequestFactories.class).restClient("primary"))));
		});
		assertThat(this.events).filteredOn((event) -> event.context().equals("partners"))
			.hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((event) -> assertThat(event.failure()).isNull());
		assertThat(this.events).filteredOn((event) -> event.context().equals("primary"))
			.anySatisfy((event) -> assertThat(event.failure()).isEqualTo(io.github.sslstarter.core.TlsFailure.HOSTNAME_MISMATCH));
	}

	@Test
	void anUnknownContextNameFailsStartupNamingTheProperty() {
		runner("ssl.http-clients.context=nosuch").run((context) -> {
			assertThat(context).hasFailed();
			NoSuchSslContextException failure = HttpsFixtures.find(context.getStartupFailure(),
					NoSuchSslContextException.class);
			assertThat(failure).isNotNull();
			assertThat(failure.referencedBy()).isEqualTo("ssl.http-clients.context");
			assertThat(failure.getMessage()).contains("nosuch").contains("partners");
		});
	}

	@Test
	void backsOffWithoutSpringBootsHttpClientSupport() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class, SslHttpClientsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.http.client."))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SslRequestFactories.class)
				.doesNotHaveBean(SslClientConnectors.class));
	}

	static boolean classified(Throwable thrown) {
		return HttpsFixtures.find(thrown, SslConnectionException.class) != null;
	}

}
