package io.github.sslstarter.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.TlsFailure;

import static io.github.sslstarter.client.HttpsFixtures.answer;
import static io.github.sslstarter.client.HttpsFixtures.failure;
import static io.github.sslstarter.client.HttpsFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every adapter's handshakes reach the context's handshake listener (what {@code tls.handshake}
 * is made of), successes and classified failures alike, under the context's name.
 */
class ClientHandshakeReportsTest {

	private final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

	private SslContextFactory context() {
		return new SslContextFactory(SslSettings.builder()
			.name("partners")
			.trustedCertificates(List.of(HttpsFixtures.ca.certificate()))
			.trustSystemDefaults(false)
			.build(), (parameters) -> {
			}, this.events::add);
	}

	private static Function<SslContextFactory, HttpsFixtures.Request> client(String name) {
		return switch (name) {
			case "jdk" -> SslHttpClientsTest::get;
			case "http-components" -> SslHttpComponentsTest::classic;
			case "http-components-async" -> SslHttpComponentsTest::async;
			case "reactor-netty" -> SslReactorNettyTest::get;
			case "okhttp" -> SslOkHttpTest::get;
			default -> throw new IllegalArgumentException(name);
		};
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "http-components", "http-components-async", "reactor-netty", "okhttp" })
	void successesAndFailuresAreReported(String name) throws Exception {
		SslContextFactory context = context();
		assertThat(answer(server(HttpsFixtures.localhost, false), client(name).apply(context)))
			.isEqualTo("hello anonymous");
		assertThat(failure(server(HttpsFixtures.wrongHost, false), client(name).apply(context))).isNotNull();
		assertThat(this.events).allSatisfy((event) -> {
			assertThat(event.context()).isEqualTo("partners");
			assertThat(event.client()).isTrue();
		});
		assertThat(this.events).anySatisfy((event) -> {
			assertThat(event.succeeded()).isTrue();
			assertThat(event.host()).isEqualTo("localhost");
			assertThat(event.protocol()).isEqualTo("TLSv1.3");
		});
		assertThat(this.events).anySatisfy((event) -> assertThat(event.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
	}

}
