import { Module } from '@nestjs/common';
import { ClientExporter } from './client-exporter';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { RetentionWorker } from './retention.worker';

@Module({ controllers: [ClientsController], providers: [ClientsService, ClientExporter, RetentionWorker], exports: [ClientsService] })
export class ClientsModule {}
