package dev.taleweaver.adapter.http;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.session.AbstractSessionManager.RequestedSession;
import org.eclipse.jetty.util.Callback;

/**
 * The session handler of an API without sessions. Javalin puts a servlet {@link SessionHandler} in front of every
 * request, and it cannot be removed (the servlet context needs one). Jetty's handler looks for a session id in every
 * request's cookies and URI, and it wraps the response stream, which took 3 % of the CPU of a Redis hit
 * (docs/benchmarks.md, issue 16). This API sets no cookies and keeps no state between requests, so this handler
 * passes every request on with {@link RequestedSession#NO_REQUESTED_SESSION}. A session id a client sends is ignored,
 * and no session is ever found.
 */
final class NoSessions extends SessionHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest != null) {
            servletRequest.setRequestedSession(RequestedSession.NO_REQUESTED_SESSION);
        }
        return next.handle(request, response, callback);
    }
}
