package io.github.sslstarter.test;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TlsServerExtensionTest {

	private static final TestCertificate ca = TestCertificate.authority("Extension CA");

	@RegisterExtension
	static final TlsServerExtension server = TlsServerExtension
		.of(TlsServer.builder().certificate(TestCertificate.builder().localhost().signedBy(ca).build()));

	private static TlsServer first;

	@Test
	void runsOneServerForTheWholeClass() throws Exception {
		if (first == null) {
			first = server.server();
		}
		assertThat(server.server()).isSameAs(first);
		try (SSLSocket socket = TlsServerTest.connect(TestSslContexts.client(ca.certificate()), "localhost",
				server.port())) {
			assertThat(TlsServerTest.echo(socket, "extension")).isEqualTo("extension");
		}
	}

	@Test
	void isTheSameServerInTheNextTest() throws Exception {
		runsOneServerForTheWholeClass();
	}

	@Test
	void startsBeforeAndClosesAfterWhatItRunsFor() {
		TlsServerExtension extension = TlsServerExtension.of(TlsServer.builder().plain());
		assertThatIllegalStateException().isThrownBy(extension::server).withMessageContaining("@RegisterExtension");
		extension.beforeAll(null);
		TlsServer started = extension.server();
		extension.beforeEach(null);
		extension.afterEach(null);
		assertThat(extension.server()).as("one server for the class").isSameAs(started);
		extension.afterAll(null);
		assertThatIllegalStateException().isThrownBy(extension::server);
		assertThat(started.isListening()).isFalse();
	}

	@Nested
	class PerTest {

		@RegisterExtension
		final TlsServerExtension own = TlsServerExtension.of(TlsServer.builder().plain());

		@Test
		void startsAServerForEachTest() {
			assertThat(this.own.server().isTls()).isFalse();
			assertThat(this.own.port()).isNotEqualTo(server.port());
			assertThat(this.own.server().connections()).isZero();
		}

	}

}
