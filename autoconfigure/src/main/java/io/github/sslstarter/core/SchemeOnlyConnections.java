package io.github.sslstarter.core;

import java.nio.ByteBuffer;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * What the JDK's PKIX trust manager is shown of a connection: the connection as it is, except
 * that its parameters carry no endpoint identification algorithm. Clients such as the JDK
 * {@code HttpClient} (always, whatever parameters it is given), Reactor Netty, Apache
 * HttpClient 5 and JNDI LDAP set one ({@code HTTPS}, {@code LDAPS}) on the sockets and engines
 * they make, and the JDK's trust manager would then run its own RFC 2818 check next to the
 * context's scheme, with the JDK's message. The context's scheme is the only host-name rule,
 * applied by {@link VerifyingTrustManager} to the same connection: the PKIX check keeps
 * everything else the connection gives it (its handshake session, the algorithm constraints,
 * stapled OCSP responses).
 * <p>
 * A view is only read by the trust manager during the handshake; it does no I/O.
 */
final class SchemeOnlyConnections {

	private SchemeOnlyConnections() {
	}

	/** The socket itself when it asks for no endpoint identification, else a view without it. */
	static SSLSocket of(SSLSocket socket) {
		return (socket != null && identifies(socket.getSSLParameters())) ? new SocketView(socket) : socket;
	}

	/** The engine itself when it asks for no endpoint identification, else a view without it. */
	static SSLEngine of(SSLEngine engine) {
		return (engine != null && identifies(engine.getSSLParameters())) ? new EngineView(engine) : engine;
	}

	private static boolean identifies(SSLParameters parameters) {
		String algorithm = parameters.getEndpointIdentificationAlgorithm();
		return algorithm != null && !algorithm.isEmpty();
	}

	private static SSLParameters withoutIdentification(SSLParameters parameters) {
		parameters.setEndpointIdentificationAlgorithm(null);
		return parameters;
	}

	private static UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("a view of a connection for its trust manager: read only");
	}

	private static final class SocketView extends SSLSocket {

		private final SSLSocket socket;

		SocketView(SSLSocket socket) {
			this.socket = socket;
		}

		@Override
		public SSLParameters getSSLParameters() {
			return withoutIdentification(this.socket.getSSLParameters());
		}

		@Override
		public SSLSession getHandshakeSession() {
			return this.socket.getHandshakeSession();
		}

		@Override
		public boolean isConnected() {
			return this.socket.isConnected();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.socket.getSupportedCipherSuites();
		}

		@Override
		public String[] getEnabledCipherSuites() {
			return this.socket.getEnabledCipherSuites();
		}

		@Override
		public void setEnabledCipherSuites(String[] suites) {
			throw readOnly();
		}

		@Override
		public String[] getSupportedProtocols() {
			return this.socket.getSupportedProtocols();
		}

		@Override
		public String[] getEnabledProtocols() {
			return this.socket.getEnabledProtocols();
		}

		@Override
		public void setEnabledProtocols(String[] protocols) {
			throw readOnly();
		}

		@Override
		public SSLSession getSession() {
			return this.socket.getHandshakeSession();
		}

		@Override
		public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
			throw readOnly();
		}

		@Override
		public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
			throw readOnly();
		}

		@Override
		public void startHandshake() {
			throw readOnly();
		}

		@Override
		public void setUseClientMode(boolean mode) {
			throw readOnly();
		}

		@Override
		public boolean getUseClientMode() {
			return this.socket.getUseClientMode();
		}

		@Override
		public void setNeedClientAuth(boolean need) {
			throw readOnly();
		}

		@Override
		public boolean getNeedClientAuth() {
			return this.socket.getNeedClientAuth();
		}

		@Override
		public void setWantClientAuth(boolean want) {
			throw readOnly();
		}

		@Override
		public boolean getWantClientAuth() {
			return this.socket.getWantClientAuth();
		}

		@Override
		public void setEnableSessionCreation(boolean flag) {
			throw readOnly();
		}

		@Override
		public boolean getEnableSessionCreation() {
			return this.socket.getEnableSessionCreation();
		}

		@Override
		public String toString() {
			return this.socket.toString();
		}

	}

	private static final class EngineView extends SSLEngine {

		private final SSLEngine engine;

		EngineView(SSLEngine engine) {
			super(engine.getPeerHost(), engine.getPeerPort());
			this.engine = engine;
		}

		@Override
		public SSLParameters getSSLParameters() {
			return withoutIdentification(this.engine.getSSLParameters());
		}

		@Override
		public SSLSession getHandshakeSession() {
			return this.engine.getHandshakeSession();
		}

		@Override
		public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination) {
			throw readOnly();
		}

		@Override
		public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length) {
			throw readOnly();
		}

		@Override
		public Runnable getDelegatedTask() {
			return null;
		}

		@Override
		public void closeInbound() {
			throw readOnly();
		}

		@Override
		public boolean isInboundDone() {
			return this.engine.isInboundDone();
		}

		@Override
		public void closeOutbound() {
			throw readOnly();
		}

		@Override
		public boolean isOutboundDone() {
			return this.engine.isOutboundDone();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.engine.getSupportedCipherSuites();
		}

		@Override
		public String[] getEnabledCipherSuites() {
			return this.engine.getEnabledCipherSuites();
		}

		@Override
		public void setEnabledCipherSuites(String[] suites) {
			throw readOnly();
		}

		@Override
		public String[] getSupportedProtocols() {
			return this.engine.getSupportedProtocols();
		}

		@Override
		public String[] getEnabledProtocols() {
			return this.engine.getEnabledProtocols();
		}

		@Override
		public void setEnabledProtocols(String[] protocols) {
			throw readOnly();
		}

		@Override
		public SSLSession getSession() {
			return this.engine.getHandshakeSession();
		}

		@Override
		public void beginHandshake() {
			throw readOnly();
		}

		@Override
		public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
			return this.engine.getHandshakeStatus();
		}

		@Override
		public void setUseClientMode(boolean mode) {
			throw readOnly();
		}

		@Override
		public boolean getUseClientMode() {
			return this.engine.getUseClientMode();
		}

		@Override
		public void setNeedClientAuth(boolean need) {
			throw readOnly();
		}

		@Override
		public boolean getNeedClientAuth() {
			return this.engine.getNeedClientAuth();
		}

		@Override
		public void setWantClientAuth(boolean want) {
			throw readOnly();
		}

		@Override
		public boolean getWantClientAuth() {
			return this.engine.getWantClientAuth();
		}

		@Override
		public void setEnableSessionCreation(boolean flag) {
			throw readOnly();
		}

		@Override
		public boolean getEnableSessionCreation() {
			return this.engine.getEnableSessionCreation();
		}

		@Override
		public String toString() {
			return this.engine.toString();
		}

	}

}
