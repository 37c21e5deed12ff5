import { Module } from '@nestjs/common';
import { ClientPagesModule } from './client/client-pages.module';
import { WebHttpModule } from './http/web-http.module';
import { StaffPagesModule } from './staff/staff-pages.module';
import { StaffCalendarPagesModule } from './staff/calendar/calendar-pages.module';
import { StaffAppointmentPagesModule } from './staff/appointment/appointment-pages.module';
import { StaffBookPagesModule } from './staff/book/book-pages.module';
import { StaffSettingsPagesModule } from './staff/settings/settings-pages.module';
import { StaffAdminPagesModule } from './staff/admin/admin-pages.module';

/** The server-rendered pages: the shared core (web/http) and one module per wing (clients, staff). */
@Module({
  imports: [
    WebHttpModule,
    ClientPagesModule,
    StaffPagesModule,
    StaffCalendarPagesModule,
    StaffAppointmentPagesModule,
    StaffBookPagesModule,
    StaffSettingsPagesModule,
    StaffAdminPagesModule,
  ],
})
export class WebModule {}
