package io.github.sslstarter.core;

import java.lang.reflect.Method;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a customizer writes into the parameters reaches every socket and engine as a whole,
 * including fields the factory itself never sets.
 */
class SocketParametersTest {

	private static final TestCertificate ca = TestCertificate.authority("Parameters CA");

	// SSLParameters.setSignatureSchemes exists from Java 19 on; the code targets Java 17
	private static final Method SET_SIGNATURE_SCHEMES = method("setSignatureSchemes", String[].class);

	private static final Method GET_SIGNATURE_SCHEMES = method("getSignatureSchemes");

	private static Method method(String name, Class<?>... types) {
		try {
			return SSLParameters.class.getMethod(name, types);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	private static SslSettings.Builder client() {
		return SslSettings.builder().trustedCertificates(List.of(ca.certificate())).trustSystemDefaults(false);
	}

	@Test
	void fieldsTheFactoryNeverSetsReachSocketsEnginesAndServerSockets() throws Exception {
		SslContextFactory factory = new SslContextFactory(client().identity(Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build())).build(), (parameters) -> {
			parameters.setEnableRetransmissions(false);
			parameters.setMaximumPacketSize(4096);
		});
		try (SSLSocket socket = (SSLSocket) new SslSocketFactory(factory).createSocket()) {
			assertThat(socket.getSSLParameters().getEnableRetransmissions()).isFalse();
			assertThat(socket.getSSLParameters().getMaximumPacketSize()).isEqualTo(4096);
		}
		SSLEngine engine = factory.createEngine("localhost", 443);
		assertThat(engine.getSSLParameters().getEnableRetransmissions()).isFalse();
		assertThat(engine.getSSLParameters().getMaximumPacketSize()).isEqualTo(4096);
		try (SSLServerSocket server = (SSLServerSocket) new SslServerSocketFactory(factory).createServerSocket(0)) {
			assertThat(server.getSSLParameters().getEnableRetransmissions()).isFalse();
		}
		assertThat(factory.clientParameters().getEnableRetransmissions()).isFalse();
		assertThat(factory.serverParameters().getMaximumPacketSize()).isEqualTo(4096);
	}

	@Test
	void perConnectionSniKeepsTheCustomizedFields() throws Exception {
		SslContextFactory factory = new SslContextFactory(client().build(),
				(parameters) -> parameters.setEnableRetransmissions(false));
		SSLParameters parameters = factory.clientParameters("service.example", null);
		assertThat(parameters.getServerNames()).hasSize(1);
		assertThat(parameters.getEnableRetransmissions()).isFalse();
		assertThat(factory.clientParameters("127.0.0.1", null).getServerNames()).isEmpty();
	}

	@Test
	void aCustomizersSignatureSchemesReachTheHandshake() throws Exception {
		if (SET_SIGNATURE_SCHEMES == null) {
			// Java 17 and 18 have no per-connection signature schemes: nothing can be dropped
			assertThat(Runtime.version().feature()).isLessThan(19);
			assertThat(GET_SIGNATURE_SCHEMES).isNull();
			return;
		}
		// the server's key is EC P-256: a client that accepts only RSA-PSS signatures cannot agree
		SslContextFactory factory = new SslContextFactory(client().build(),
				(parameters) -> invoke(SET_SIGNATURE_SCHEMES, parameters, (Object) new String[] { "rsa_pss_rsae_sha256" }));
		SSLEngine engine = factory.createEngine("localhost", 443);
		assertThat((String[]) invoke(GET_SIGNATURE_SCHEMES, engine.getSSLParameters()))
			.containsExactly("rsa_pss_rsae_sha256");
		try (TestTlsServer server = TestTlsServer.start(
				new SslContextFactory(SslSettings.builder().name("server").identity(Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build())).build()))) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> new SslSocketFactory(factory).connect("localhost", server.port()).close());
			SslContextFactory plain = new SslContextFactory(client().build());
			new SslSocketFactory(plain).connect("localhost", server.port()).close();
		}
	}

	private static Object invoke(Method method, Object target, Object... arguments) {
		try {
			return method.invoke(target, arguments);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
