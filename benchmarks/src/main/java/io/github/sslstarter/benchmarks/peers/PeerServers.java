package io.github.sslstarter.benchmarks.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.conscrypt.Conscrypt;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.material.Identity;

/**
 * The Java servers of the external-peer benchmarks, in one JVM: this project's
 * {@link SslServerSocketFactory} on the JDK and on Conscrypt, raw JSSE and raw Conscrypt, each
 * for TLS 1.2 and 1.3 and an ECDSA and an RSA certificate. Each connection runs on a thread of
 * one shared pool: handshake, read the request, answer, close. Prints
 * {@code READY kind protocol key port} per listener and runs until its stdin closes.
 * Arguments: the directory of {@link PeerMaterial}'s files.
 */
public final class PeerServers {

	static final List<String> KINDS = List.of("project-jdk", "project-conscrypt", "raw-jsse", "raw-conscrypt");

	private static final ExecutorService pool = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "peer-server");
		thread.setDaemon(true);
		return thread;
	});

	private PeerServers() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		for (String kind : KINDS) {
			for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
				for (String key : List.of("ec", "rsa")) {
					int port = start(kind, protocol, key, dir, loopback);
					System.out.println("READY " + kind + " " + protocol + " " + key + " " + port);
				}
			}
		}
		System.out.flush();
		while (System.in.read() >= 0) {
			// runs until the driver closes stdin
		}
	}

	private static int start(String kind, String protocol, String key, Path dir, InetAddress loopback)
			throws Exception {
		if (kind.startsWith("project-")) {
			SslServerSocketFactory factory = new SslServerSocketFactory(new SslContextFactory(SslSettings.builder()
				.name(kind)
				.provider(kind.equals("project-conscrypt") ? "conscrypt" : "jdk")
				.protocols(protocol)
				.identity(Identity.of(PeerMaterial.key(PeerMaterial.privateKey(dir, key)),
						PeerMaterial.certificates(PeerMaterial.chain(dir, key))))
				.build()));
			ServerSocket listener = factory.createServerSocket(0, 1024, loopback);
			loop(listener, (accepted) -> {
				try (SSLSocket socket = factory.handshake(accepted)) {
					PeerMaterial.answer(socket);
				}
			});
			return listener.getLocalPort();
		}
		boolean conscrypt = kind.equals("raw-conscrypt");
		SSLContext context = conscrypt ? SSLContext.getInstance("TLS", Conscrypt.newProvider())
				: SSLContext.getInstance("TLS");
		context.init(PeerMaterial.keys(dir, key).getKeyManagers(), null, new SecureRandom());
		SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
			.createServerSocket(0, 1024, loopback);
		listener.setEnabledProtocols(new String[] { protocol });
		loop(listener, (accepted) -> {
			try (accepted) {
				accepted.setTcpNoDelay(true);
				if (conscrypt) {
					// as a user of Conscrypt would, for TLS 1.3 resumption (its default is off)
					Conscrypt.setUseSessionTickets(accepted, true);
				}
				accepted.startHandshake();
				PeerMaterial.answer(accepted);
			}
		});
		return listener.getLocalPort();
	}

	interface Connection {

		void serve(SSLSocket accepted) throws IOException;

	}

	private static void loop(ServerSocket listener, Connection connection) {
		Thread acceptor = new Thread(() -> {
			while (true) {
				SSLSocket accepted;
				try {
					accepted = (SSLSocket) listener.accept();
				}
				catch (IOException ex) {
					return;
				}
				pool.execute(() -> {
					try {
						connection.serve(accepted);
					}
					catch (IOException | RuntimeException ex) {
						// a failed connection is the client's to count
					}
				});
			}
		}, "peer-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

}
