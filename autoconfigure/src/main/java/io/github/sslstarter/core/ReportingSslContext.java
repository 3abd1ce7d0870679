package io.github.sslstarter.core;

import java.security.KeyManagementException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The {@link SSLContext} a context hands out ({@link SslContextFactory#sslContext()}), for
 * clients that take only an {@code SSLContext} (the JDK {@code HttpClient}, Netty, Spring Boot's
 * bundle routes): the JSSE context behind it, whose sessions it shares, with what the factories
 * add. Its engines are configured and classified like {@link SslContextFactory#createEngine}'s and
 * report their handshakes to the context's listener ({@code tls.handshake}); its socket factory
 * is an {@link SslSocketFactory} (armed sockets, the JDK's contract); its server socket factory an
 * {@link SslServerSocketFactory}; its default parameters are the context's client parameters.
 * It is already initialised: {@code init} is refused.
 */
final class ReportingSslContext extends SSLContext {

	ReportingSslContext(SslContextFactory factory, SSLContext jsse) {
		super(new Spi(factory, jsse), jsse.getProvider(), jsse.getProtocol());
	}

	private static final class Spi extends SSLContextSpi {

		private final SslContextFactory factory;

		private final SSLContext jsse;

		private volatile SslSocketFactory sockets;

		private volatile SslServerSocketFactory serverSockets;

		Spi(SslContextFactory factory, SSLContext jsse) {
			this.factory = factory;
			this.jsse = jsse;
		}

		@Override
		protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
				throws KeyManagementException {
			throw new KeyManagementException("The TLS context '" + this.factory.name()
					+ "' is initialised from its settings (ssl.*); configure it there, or use SSLContext.getInstance for another");
		}

		@Override
		protected SSLSocketFactory engineGetSocketFactory() {
			SslSocketFactory sockets = this.sockets;
			if (sockets == null) {
				sockets = new SslSocketFactory(this.factory);
				this.sockets = sockets;
			}
			return sockets;
		}

		@Override
		protected SSLServerSocketFactory engineGetServerSocketFactory() {
			SslServerSocketFactory serverSockets = this.serverSockets;
			if (serverSockets == null) {
				serverSockets = new SslServerSocketFactory(this.factory);
				this.serverSockets = serverSockets;
			}
			return serverSockets;
		}

		@Override
		protected SSLEngine engineCreateSSLEngine() {
			return this.factory.createEngine(null, 0, this.factory.settings().handshakeTimeout());
		}

		@Override
		protected SSLEngine engineCreateSSLEngine(String host, int port) {
			if (host == null) {
				return engineCreateSSLEngine();
			}
			return this.factory.createEngine(host, port, this.factory.settings().handshakeTimeout());
		}

		@Override
		protected SSLSessionContext engineGetServerSessionContext() {
			return this.jsse.getServerSessionContext();
		}

		@Override
		protected SSLSessionContext engineGetClientSessionContext() {
			return this.jsse.getClientSessionContext();
		}

		@Override
		protected SSLParameters engineGetDefaultSSLParameters() {
			return this.factory.clientParameters();
		}

		@Override
		protected SSLParameters engineGetSupportedSSLParameters() {
			return this.jsse.getSupportedSSLParameters();
		}

	}

}
