import { Module } from '@nestjs/common';
import { ClientPagesModule } from './client/client-pages.module';
import { WebHttpModule } from './http/web-http.module';
import { StaffPagesModule } from './staff/staff-pages.module';

/** The server-rendered pages: the shared core (web/http) and one module per wing (clients, staff). */
@Module({
  imports: [WebHttpModule, ClientPagesModule, StaffPagesModule],
})
export class WebModule {}
