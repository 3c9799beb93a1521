-- CreateIndex
CREATE INDEX "AuditLog_actorAccount_createdAt_idx" ON "AuditLog"("actorAccount", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_createdAt_idx" ON "AuditLog"("targetType", "targetId", "createdAt");

