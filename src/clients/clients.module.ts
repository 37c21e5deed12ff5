import { Module } from '@nestjs/common';
import { ClientRecords } from './client-records.service';
import { ClientRepository } from './client.repository';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';
import { RetentionWorker } from './retention.worker';

@Module({
  controllers: [ClientsController],
  providers: [ClientsService, ClientRecords, ClientRepository, RetentionWorker],
  exports: [ClientsService, ClientRepository, ClientRecords],
})
export class ClientsModule {}
