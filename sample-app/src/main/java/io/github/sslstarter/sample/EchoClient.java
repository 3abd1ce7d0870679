package io.github.sslstarter.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import io.github.sslstarter.core.SslConnection;
import io.github.sslstarter.core.SslSocketFactory;

/**
 * Once the application has started, says hello to the echo service through the injected
 * (primary) {@link SslSocketFactory}, verified by chain and host name inside the handshake, and
 * logs what was negotiated.
 */
@Component
class EchoClient implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(EchoClient.class);

	private final SslSocketFactory sockets;

	private final int port;

	private final String pkiDir;

	EchoClient(SslSocketFactory sockets, @Value("${sample.ports.echo}") int port,
			@Value("${sample.pki.dir}") String pkiDir) {
		this.sockets = sockets;
		this.port = port;
		this.pkiDir = pkiDir;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		logger.info("Demo PKI (throwaway CA, server, expiring, wrong-host and client certificates) in " + this.pkiDir);
		try (SSLSocket socket = this.sockets.connect("localhost", this.port)) {
			SslConnection connection = SslConnection.of(socket);
			OutputStream out = socket.getOutputStream();
			out.write("hello over TLS\n".getBytes(StandardCharsets.UTF_8));
			out.flush();
			String echoed = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			logger.info("Verified handshake with localhost:" + this.port + ": " + connection.protocol() + ", "
					+ connection.cipherSuite() + ", peer " + connection.peerCertificate().subject() + " issued by "
					+ connection.peerCertificate().issuer() + "; echoed '" + echoed + "'");
		}
	}

}
