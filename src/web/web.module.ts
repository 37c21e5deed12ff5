import { Module } from '@nestjs/common';
import { ClientPagesModule } from './client/client-pages.module';
import { WebHttpModule } from './http/web-http.module';

/** The server-rendered pages: the shared core (web/http) and one module per wing (clients; staff next). */
@Module({
  imports: [WebHttpModule, ClientPagesModule],
})
export class WebModule {}
